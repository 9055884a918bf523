/** What the numbers were measured on, printed with every result. */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import type Docker from 'dockerode';

export async function describeMachine(docker: Docker): Promise<Record<string, string>> {
  // dockerode types `info()` as `any`: these are the fields printed below.
  const info = (await docker.info()) as { ServerVersion: string; Driver: string; CgroupVersion?: string; CgroupDriver: string };
  const kernel = (await readFile('/proc/sys/kernel/osrelease', 'utf8').catch(() => '?')).trim();
  return {
    cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel,
    docker: `${info.ServerVersion} (${info.Driver}, cgroup v${info.CgroupVersion ?? '?'}, ${info.CgroupDriver})`,
    node: process.version,
    load: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}
