import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentHarness } from '../helpers/agent-harness.js';
import { getPods } from './pod-helpers.js';

/** cgroup v2 (unified) when `/sys/fs/cgroup/cgroup.controllers` exists, else v1 hierarchies per controller. */
export const CGROUP_V2 = existsSync('/sys/fs/cgroup/cgroup.controllers');

/** A pod cgroup file on the host, for the cgroup version in use: `cgroupFile('memory', parent, 'memory.limit_in_bytes', 'memory.max')`. */
export function hostCgroupFile(controller: string, parent: string, v1File: string, v2File: string): string {
  return CGROUP_V2 ? `/sys/fs/cgroup${parent}/${v2File}` : `/sys/fs/cgroup/${controller}${parent}/${v1File}`;
}

/** An emptyDir volume's directory on the host (`<root>/pods/<uid>/volumes/kubernetes.io~empty-dir/<name>`). */
export function emptyDirOf(agent: AgentHarness, uid: string, volume: string): string {
  return join(agent.rootDir, 'pods', uid, 'volumes', 'kubernetes.io~empty-dir', volume);
}

export async function readTrimmed(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).trim();
}

/** Mount points under a directory (from the host's mount table). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  return table
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
}

/**
 * Removes every manifest and waits until the agent has removed the pods itself (containers, pod
 * directories with their tmpfs mounts, pod cgroups); what a failed test leaves, the harness's
 * cleanup removes.
 */
export async function removeAllPods(agent: AgentHarness | undefined): Promise<void> {
  if (!agent?.running) return;
  for (const name of await readdir(agent.manifestDir).catch(() => [] as string[])) await agent.removeManifest(name);
  await agent.waitFor(() => getPods(agent), { until: (pods) => pods.length === 0, timeoutMs: 60_000, what: 'every pod gone' }).catch(() => undefined);
}
