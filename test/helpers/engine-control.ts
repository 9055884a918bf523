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
