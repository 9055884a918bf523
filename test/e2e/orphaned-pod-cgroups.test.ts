/**
 * Pod cgroups no pod uses (kubelet `cleanupOrphanedPodCgroups`), on this host's real cgroupfs
 * (v1): a pod cgroup left with a container cgroup under it in two hierarchies, unchanged for an
 * hour and carried by no container on the engine, goes at an agent's start (this test's, or that
 * of another test starting beside it: they share the host). One changed a moment ago stays (it may
 * be another agent's pod between its cgroup and its sandbox), and so does a running pod's.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rmdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { runForeverPod, waitForRunning } from './pod-helpers.js';

const HIERARCHIES = ['/sys/fs/cgroup/memory', '/sys/fs/cgroup/pids'];
const v1 = HIERARCHIES.every((h) => existsSync(join(h, 'kubepods')));

describe.skipIf(!v1)('orphaned pod cgroups (real cgroupfs, v1)', { timeout: 120_000 }, () => {
  let agent: AgentHarness | undefined;
  const made: string[] = [];

  afterAll(async () => {
    await agent?.cleanup();
    for (const dir of made.reverse()) await rmdir(dir).catch(() => undefined);
  });

  async function podCgroup(uid: string, ageSeconds: number): Promise<string[]> {
    const dirs = HIERARCHIES.map((h) => join(h, 'kubepods', 'besteffort', `pod${uid}`));
    for (const dir of dirs) {
      await mkdir(join(dir, 'f'.repeat(64)), { recursive: true });
      made.push(dir, join(dir, 'f'.repeat(64)));
      const at = Date.now() / 1000 - ageSeconds;
      await utimes(dir, at, at);
    }
    return dirs;
  }

  it('removes an old pod cgroup no container carries, with its container cgroups; keeps a young one and a running pod’s', async () => {
    const orphan = await podCgroup(randomUUID(), 3600);
    const young = await podCgroup(randomUUID(), 0);
    agent = await startAgent();
    await agent.writeManifest('live.yaml', runForeverPod('live'));
    const live = await waitForRunning(agent, 'live');
    // The sweep at an agent's start removes every orphan on this shared host (other runs' leftovers
    // too). Another test's agent, starting at the same time, may be the one that does (and says so).
    await agent.waitFor(() => orphan.every((dir) => !existsSync(dir)), { timeoutMs: 60_000, what: 'the orphaned pod cgroup removed' });
    for (const dir of young) expect(existsSync(dir), dir).toBe(true);
    const liveDir = join('/sys/fs/cgroup/memory/kubepods/besteffort', `pod${live.metadata.uid}`);
    expect(existsSync(liveDir), liveDir).toBe(true);
  });
});
