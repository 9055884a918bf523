import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { constants, createWriteStream, existsSync, realpathSync } from 'node:fs';
import { access, lstat, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './agent-harness.js';

/**
 * A throwaway Debian 12 guest (scripts/build-guest-image.sh) booted by qemu: systemd as PID 1,
 * cgroup v2, Docker on the systemd cgroup driver, the host's Node.js, and the checkout mounted over
 * 9p at the same path as on the host, so the guest runs the host's dist/ and node_modules/.
 *
 * The command channel is a jobs directory shared over 9p: `run` writes `N.sh`, a unit in the guest
 * (guest-job-runner.service) runs it with bash and writes `N.out`, then `N.rc` last. Files rather
 * than the serial console: the console also carries the kernel's and systemd's messages, output
 * needs no framing or escaping, and a job survives nothing but is never half-read (rc comes last).
 * The console goes to `console.log` in the jobs directory, shown when a boot or job fails.
 */
export interface GuestResult {
  code: number;
  output: string;
}

const BUILD_SCRIPT = join(REPO_ROOT, 'scripts', 'build-guest-image.sh');
/** Generous: under software emulation on a loaded 2-core machine a boot has taken 4.5 min. */
const BOOT_TIMEOUT_MS = 600_000;
/**
 * Under KVM the console prints within a second; a KVM that hangs or aborts (`failed to set MSR
 * 0x10a` on some hosts) is given up for TCG after this, and `kvm-unusable` beside the image cache
 * remembers it. `MINIKUBELET_GUEST_ACCEL=tcg` skips the try.
 */
const KVM_FIRST_OUTPUT_MS = 20_000;

/**
 * Why the guest cannot run here, or undefined when it can: root (9p passthrough, the image build),
 * qemu, and an image already built or buildable (debootstrap; the mirror is found out by building).
 */
export function guestUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (qemu 9p passthrough and the image build need root)';
  if (!onPath('qemu-system-x86_64')) return 'no qemu-system-x86_64 (Debian: apt-get install -y qemu-system-x86)';
  if (imageDir() !== undefined) return undefined;
  if (!onPath('debootstrap')) return 'the guest image is not built and debootstrap is missing (Debian: apt-get install -y debootstrap)';
  return undefined;
}

/** Builds the guest image when its recipe changed (minutes, once per machine); returns its directory. */
export function ensureGuestImage(): string {
  const built = spawnSync('bash', [BUILD_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (built.status !== 0) throw new Error(`scripts/build-guest-image.sh failed (exit ${built.status}):\n${built.stderr}`);
  return built.stdout.trim().split('\n').at(-1) ?? '';
}

function imageDir(): string | undefined {
  const printed = spawnSync('bash', [BUILD_SCRIPT, '--print-dir'], { encoding: 'utf8' });
  return printed.status === 0 ? printed.stdout.trim() : undefined;
}

function onPath(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

export class Guest {
  private nextJob = 1;
  private exited = false;

  private constructor(
    private readonly qemu: ChildProcess,
    readonly jobsDir: string,
    readonly accel: 'kvm' | 'tcg',
  ) {
    qemu.on('exit', () => (this.exited = true));
  }

  /**
   * Boots the guest and waits until its job runner is up (Docker started, the images loaded).
   * The disk is opened with -snapshot: the cached image stays pristine, the guest's writes live
   * until qemu exits (a guest reboot keeps them).
   */
  static async boot(image: string, shares: string[] = checkoutShares()): Promise<Guest> {
    const jobsDir = await mkdtemp(join(tmpdir(), 'minikubelet-guest-jobs-'));
    const kvmMemo = join(dirname(image), 'kvm-unusable');
    const accels: ('kvm' | 'tcg')[] = (await kvmUsable()) && !existsSync(kvmMemo) ? ['kvm', 'tcg'] : ['tcg'];
    for (const accel of accels) {
      const guest = new Guest(startQemu(image, jobsDir, shares, accel), jobsDir, accel);
      try {
        if (accel === 'kvm') await guest.waitForConsole();
        await guest.waitForFile('ready', BOOT_TIMEOUT_MS, 'the guest to boot and start its job runner');
        const loaded = (await readFile(join(jobsDir, 'ready'), 'utf8')).trim();
        if (loaded !== '0') throw new Error(`docker load of the project's images failed in the guest:\n${await readFile(join(jobsDir, 'images-load.log'), 'utf8')}`);
        return guest;
      } catch (err) {
        await guest.kill();
        if (accel === 'kvm') {
          // Remembered for this machine (beside the image cache): the next boots go straight to TCG.
          await writeFile(kvmMemo, `${(err as Error).message}\n`);
          continue;
        }
        await rm(jobsDir, { recursive: true, force: true });
        throw err;
      }
    }
    throw new Error('unreachable: TCG is always tried last');
  }

  /** Runs a bash script in the guest as root; kills the guest when it takes longer than timeoutMs. */
  async run(script: string, timeoutMs = 120_000): Promise<GuestResult> {
    const n = this.nextJob++;
    await this.writeJob(n, script);
    try {
      await this.waitForFile(`${n}.rc`, timeoutMs, `job ${n} (${firstLine(script)})`);
    } catch (err) {
      const partial = await readFile(join(this.jobsDir, `${n}.out`), 'utf8').catch(() => '');
      await this.kill();
      throw new Error(`${(err as Error).message}\nJob output so far:\n${partial}`, { cause: err });
    }
    const code = Number((await readFile(join(this.jobsDir, `${n}.rc`), 'utf8')).trim());
    return { code, output: await readFile(join(this.jobsDir, `${n}.out`), 'utf8') };
  }

  /** run, failing with the output when the script exits non-zero. */
  async check(script: string, timeoutMs?: number): Promise<string> {
    const result = await this.run(script, timeoutMs);
    if (result.code !== 0) throw new Error(`guest job failed (exit ${result.code}): ${script}\n${result.output}`);
    return result.output;
  }

  /** Reboots the guest (same disk overlay) and waits for its job runner again. */
  async reboot(): Promise<void> {
    await rm(join(this.jobsDir, 'ready'), { force: true });
    // The runner is killed while running this job, so it has no rc; after the boot the runner goes on from the next job.
    await this.writeJob(this.nextJob++, 'systemctl reboot');
    await this.waitForFile('ready', BOOT_TIMEOUT_MS, 'the guest to reboot');
  }

  /** The guest's serial console so far (kernel and systemd messages). */
  async console(): Promise<string> {
    return readFile(join(this.jobsDir, 'console.log'), 'utf8').catch(() => '');
  }

  /** Kills qemu (SIGKILL: the disk is a throwaway snapshot) and removes the jobs directory. */
  async close(): Promise<void> {
    await this.kill();
    await rm(this.jobsDir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.qemu.once('exit', resolve));
    this.qemu.kill('SIGKILL');
    await gone;
  }

  private async writeJob(n: number, script: string): Promise<void> {
    const temp = join(this.jobsDir, `.${n}.sh.tmp`);
    await writeFile(temp, `set -euo pipefail\n${script}\n`);
    await rename(temp, join(this.jobsDir, `${n}.sh`));
  }

  /** The guest's first output on its console (qemu's own errors go to qemu.log, not there). */
  private async waitForConsole(): Promise<void> {
    const deadline = Date.now() + KVM_FIRST_OUTPUT_MS;
    while ((await this.console()).length === 0) {
      if (this.exited) throw new Error(`qemu with KVM exited: ${await readFile(join(this.jobsDir, 'qemu.log'), 'utf8').catch(() => '')}`);
      if (Date.now() >= deadline) throw new Error(`qemu with KVM printed nothing within ${KVM_FIRST_OUTPUT_MS} ms`);
      await sleep(250);
    }
  }

  private async waitForFile(name: string, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(join(this.jobsDir, name))) {
      if (this.exited) {
        const qemuLog = await readFile(join(this.jobsDir, 'qemu.log'), 'utf8').catch(() => '');
        throw new Error(`qemu exited while waiting for ${what}: ${qemuLog}\nConsole (tail):\n${tail(await this.console())}`);
      }
      if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms (${this.accel}) waiting for ${what}. Console (tail):\n${tail(await this.console())}`);
      await sleep(200);
    }
  }
}

/** The checkout, and node_modules' target when it is a symlink out of it (a worktree's shared install). */
export function checkoutShares(): string[] {
  const root = REPO_ROOT.replace(/\/$/, '');
  const shares = [root];
  const modules = realpathSync(join(root, 'node_modules'));
  if (!modules.startsWith(`${root}/`)) shares.push(modules);
  return shares;
}

function startQemu(image: string, jobsDir: string, shares: string[], accel: 'kvm' | 'tcg'): ChildProcess {
  const all = [...shares.map((path, i) => ({ tag: `share${i}`, path })), { tag: 'jobs', path: jobsDir }];
  const append = [
    'console=ttyS0', 'root=/dev/vda', 'rw', 'apparmor=0', 'systemd.unified_cgroup_hierarchy=1', 'quiet',
    `guest.shares=${all.map((s) => `${s.tag}:${s.path}`).join(',')}`, `guest.jobs=${jobsDir}`,
  ].join(' ');
  const args = [
    '-n', '10', 'qemu-system-x86_64', '-machine', 'q35', '-cpu', 'max', '-m', '2048', '-smp', '2',
    '-accel', accel, '-nographic', '-nic', 'none', '-snapshot',
    '-kernel', join(image, 'vmlinuz'), '-initrd', join(image, 'initrd.img'), '-append', append,
    '-drive', `file=${join(image, 'rootfs.img')},if=virtio,format=raw`,
    ...all.flatMap((s) => ['-virtfs', `local,path=${s.path},mount_tag=${s.tag},security_model=passthrough,id=${s.tag}`]),
  ];
  const console = createWriteStream(join(jobsDir, 'console.log'));
  const qemu = spawn('nice', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  qemu.stdout?.pipe(console);
  qemu.stderr?.pipe(createWriteStream(join(jobsDir, 'qemu.log')));
  // A test process that ends without close() (a crash, a timeout) still takes its qemu with it.
  const killOnExit = () => qemu.kill('SIGKILL');
  process.once('exit', killOnExit);
  qemu.once('exit', () => process.off('exit', killOnExit));
  return qemu;
}

async function kvmUsable(): Promise<boolean> {
  if (process.env.MINIKUBELET_GUEST_ACCEL === 'tcg') return false;
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
    return (await lstat('/dev/kvm')).isCharacterDevice();
  } catch {
    return false;
  }
}

function firstLine(script: string): string {
  return script.trim().split('\n')[0]?.slice(0, 80) ?? '';
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
