import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { PodSyncer } from '../executor/pod-syncer.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { SyncLoop } from '../workers/sync-loop.js';

export interface TeardownDeps {
  loop: SyncLoop;
  runtime: ContainerRuntime;
  syncer: PodSyncer;
  rootDir: string;
}

/** Rounds of "sync every pod, look again" before the graceful teardown gives up (each waits for its syncs). */
const MAX_ROUNDS = 20;

/**
 * The run's pods removed as the daemon removes a pod whose manifest is gone: preStop hooks, grace
 * periods, then the containers, the pod directories (tmpfs unmounted) and the pod cgroups. It goes
 * on until the engine has no container of this node and no pod directory is left; true when done.
 */
export async function teardownGracefully({ loop, runtime, rootDir }: TeardownDeps, signal: AbortSignal): Promise<boolean> {
  loop.setDesired([]);
  for (let round = 0; round < MAX_ROUNDS && !signal.aborted; round++) {
    await loop.relist();
    await loop.idle();
    if (await isEmpty(runtime, rootDir)) return true;
    await delay(250);
  }
  return false;
}

/** Everything removed at once: containers killed and removed, pod directories and cgroups after them. */
export async function teardownNow({ loop, runtime, syncer, rootDir }: TeardownDeps): Promise<void> {
  loop.stop();
  const containers = await runtime.listContainers();
  await Promise.all(containers.map((c) => runtime.removeContainer(c.id).catch(() => undefined)));
  const uids = new Set([...containers.map((c) => c.podUid), ...(await podDirs(rootDir))]);
  for (const uid of uids) await syncer.removePodFiles(uid).catch(() => undefined);
}

/** What is left of the run: containers of its node, pod directories. */
export async function leftovers(runtime: ContainerRuntime, rootDir: string): Promise<{ containers: number; podDirs: number }> {
  return { containers: (await runtime.listContainers()).length, podDirs: (await podDirs(rootDir)).length };
}

async function isEmpty(runtime: ContainerRuntime, rootDir: string): Promise<boolean> {
  const left = await leftovers(runtime, rootDir);
  return left.containers === 0 && left.podDirs === 0;
}

function podDirs(rootDir: string): Promise<string[]> {
  return readdir(path.join(rootDir, 'pods')).catch(() => [] as string[]);
}
