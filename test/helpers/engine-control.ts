import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './agent-harness.js';

const run = promisify(execFile);

/**
 * Stops and starts the Docker engine the tests run on, as `systemctl` or a host shutdown would.
 * Only the `faults` project uses it: its files run alone, after the parallel e2e run, since every
 * other engine test would see the outage.
 */
async function underSystemd(): Promise<boolean> {
  return run('systemctl', ['is-active', 'docker']).then(() => true, () => false);
}

/** Stops dockerd gracefully (its containers are stopped with it: no live-restore here). */
export async function stopEngine(): Promise<void> {
  if (await underSystemd()) {
    await run('systemctl', ['stop', 'docker']);
    return;
  }
  const pid = Number((await readFile('/var/run/docker.pid', 'utf8')).trim());
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 60; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`dockerd (pid ${pid}) did not exit within 30 s of SIGTERM`);
}

/**
 * Kills dockerd with SIGKILL, as the OOM killer or a crash would: no cleanup, its containerd (and
 * the containers' shims) left running for the next dockerd to find. Not under systemd, whose unit
 * would restart it on its own.
 */
export async function killEngine(): Promise<void> {
  const pid = Number((await readFile('/var/run/docker.pid', 'utf8')).trim());
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dockerd (pid ${pid}) still exists 10 s after SIGKILL`);
}

/**
 * Kills what a SIGKILLed dockerd leaves behind that no engine knows: the shims (and the container
 * processes under them) of containers it was creating when it died. Their network namespaces stay
 * on the bridge with IPs the restarted engine hands out again, so later pods would share an IP
 * with a ghost. Returns how many it killed.
 */
export async function killOrphanedShims(): Promise<number> {
  const known = new Set((await run('docker', ['ps', '-aq', '--no-trunc'])).stdout.split('\n').filter(Boolean));
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  const orphans = stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+\S*containerd-shim-runc-v2 .*-id ([0-9a-f]{64})/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !known.has(m[2]!))
    .map((m) => Number(m[1]));
  for (const pid of orphans) {
    // The container's processes first (the shim's children), then the shim.
    await run('pkill', ['-KILL', '-P', String(pid)]).catch(() => undefined);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  return orphans.length;
}

/** Starts the engine the way `npm test` does on a fresh machine. */
export async function startEngine(): Promise<void> {
  await run('bash', [join(REPO_ROOT, 'scripts', 'ensure-docker.sh')], { timeout: 120_000 });
}

export async function restartEngine(): Promise<void> {
  if (await underSystemd()) {
    await run('systemctl', ['restart', 'docker']);
    return;
  }
  await stopEngine();
  await startEngine();
}
