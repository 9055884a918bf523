/**
 * `podman kube play`, the daemonless peer the runtime-class benchmark measures beside the agent:
 * Debian's podman (4.3, crun, CNI), on the same manifests, with the busybox image copied from the
 * Docker engine (`docker save | podman load`; no registry). Timed as a user sees it: from running
 * `podman kube play` to its exit, which comes once every container has started.
 *
 * As root, podman asks crun for RLIMIT_NOFILE 1048576 and RLIMIT_NPROC 4194304 in every container,
 * above what a root without CAP_SYS_RESOURCE may set (the CI VM: 20000 and 96369), and crun fails
 * the container. There the runtime is a wrapper that lowers those two to this machine's hard limits
 * in the bundle's config.json, then execs crun (one `sh` and one `sed` more per container: counted
 * in podman's time, and said in the result).
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PODMAN_NOFILE = 1_048_576;
const PODMAN_NPROC = 4_194_304;

export interface PodmanPlay {
  /** How `podman kube play <file>` was run here (the runtime, and why). */
  runtime: string;
  /** Milliseconds from starting `podman kube play file` to its successful exit. */
  play(file: string): Promise<number>;
  /** Milliseconds of `podman version`: the CLI's own start, paid by every podman command. */
  cliStart(): Promise<number>;
  /** `podman pod rm -f` of these pods, then the temp files. */
  cleanup(pods: string[]): Promise<void>;
}

/** Ready to play, or why podman cannot be measured on this machine. */
export async function preparePodman(image: string): Promise<PodmanPlay | string> {
  try {
    await run('podman', ['--version']);
  } catch {
    return 'podman is not installed (Debian: apt-get install podman catatonit)';
  }
  const dir = await mkdtemp(join(tmpdir(), 'bench-podman-'));
  const env = { ...process.env, CONTAINERS_CONF: join(dir, 'containers.conf') };
  const limits = await readFile('/proc/self/limits', 'utf8');
  const [nofile, nproc] = [hardLimit(limits, 'Max open files'), hardLimit(limits, 'Max processes')];
  let runtime = 'crun';
  if (nofile < PODMAN_NOFILE || nproc < PODMAN_NPROC) {
    const wrapper = join(dir, 'crun-rlimits');
    await writeFile(wrapper, crunWrapper(nofile, nproc));
    await chmod(wrapper, 0o755);
    await writeFile(env.CONTAINERS_CONF, `[engine]\nruntime = "crun-rlimits"\n[engine.runtimes]\ncrun-rlimits = ["${wrapper}"]\n`);
    runtime = `crun, through a wrapper lowering RLIMIT_NOFILE/NPROC to this machine's ${nofile}/${nproc}`;
  } else {
    await writeFile(env.CONTAINERS_CONF, '[engine]\nruntime = "crun"\n');
  }
  const podman = (args: string[]) => run('podman', args, { env, maxBuffer: 16 * 2 ** 20 });
  try {
    await podman(['image', 'exists', image]);
  } catch {
    await loadFromDocker(image, env);
  }
  const timed = async (args: string[]): Promise<number> => {
    const t0 = performance.now();
    await podman(args);
    return performance.now() - t0;
  };
  return {
    runtime,
    play: (file) => timed(['kube', 'play', file]),
    cliStart: () => timed(['version']),
    async cleanup(pods) {
      if (pods.length > 0) await podman(['pod', 'rm', '-f', '-t', '0', ...pods]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The hard limit on a line of /proc/self/limits (`Max open files  20000  20000  files`). */
function hardLimit(limits: string, name: string): number {
  const hard = new RegExp(`^${name}\\s+\\S+\\s+(\\S+)`, 'm').exec(limits)?.[1];
  return hard === undefined || hard === 'unlimited' ? Number.POSITIVE_INFINITY : Number(hard);
}

function crunWrapper(nofile: number, nproc: number): string {
  return `#!/bin/sh
bundle=""; prev=""
for a in "$@"; do [ "$prev" = "--bundle" ] && bundle="$a"; prev="$a"; done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i 's/"RLIMIT_NOFILE","hard":${PODMAN_NOFILE},"soft":${PODMAN_NOFILE}/"RLIMIT_NOFILE","hard":${nofile},"soft":${nofile}/; s/"RLIMIT_NPROC","hard":${PODMAN_NPROC},"soft":${PODMAN_NPROC}/"RLIMIT_NPROC","hard":${nproc},"soft":${nproc}/' "$bundle/config.json"
fi
exec crun "$@"
`;
}

/** `docker save image | podman load`. */
function loadFromDocker(image: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn('podman', ['load', '-q'], { env, stdio: ['pipe', 'ignore', 'inherit'] });
    save.stdout.pipe(load.stdin);
    load.on('error', reject);
    load.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker save ${image} | podman load failed (exit ${code})`))));
  });
}
