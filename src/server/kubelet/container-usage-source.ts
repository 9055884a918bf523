/**
 * The running containers' CPU and memory for one Summary: from each container's cgroup, found
 * through its first process (cAdvisor's way: plain file reads, no engine call), else from the
 * engine's one-shot stats (which wait up to a second for the engine's next collection, holding one
 * of the bounded engine calls). One container listing per reading gives the processes.
 */
import type { ContainerUsage, ContainerUsageReader } from '../../runtime/container-usage.js';
import type { ObservedContainer } from '../../runtime/types.js';

export interface ContainerUsageSourceDeps {
  listContainers: () => Promise<ObservedContainer[]>;
  fromCgroup: (pid: number, nowMs: number) => Promise<ContainerUsage | undefined>;
  fromEngine: ContainerUsageReader;
  now: () => number;
}

export type ContainerUsageSource = (ids: readonly string[]) => Promise<ReadonlyMap<string, ContainerUsage>>;

export function createContainerUsageSource(deps: ContainerUsageSourceDeps): ContainerUsageSource {
  return async (ids) => {
    const pids = new Map((await deps.listContainers().catch(() => [])).flatMap((c) => (c.pid ? [[c.id, c.pid] as const] : [])));
    const read = async (id: string): Promise<ContainerUsage | undefined> => {
      const pid = pids.get(id);
      return (pid !== undefined ? await deps.fromCgroup(pid, deps.now()) : undefined) ?? deps.fromEngine(id);
    };
    const usages = await Promise.all(ids.map(async (id) => [id, await read(id)] as const));
    return new Map(usages.flatMap(([id, usage]) => (usage === undefined ? [] : [[id, usage] as const])));
  };
}
