/**
 * How many OOM kills in a container's cgroup are new, from its `oom_kill` counter (cgroup v2
 * `memory.events`, v1 `memory.oom_control`: every process the kernel killed there, PID 1 or a
 * child). Pure: the count last seen, the count read now, and whether the container began after
 * the agent started (its kills before the first read are then news; an adopted container's
 * earlier kills were the previous agent's to report).
 */
export interface OomKillCount {
  /** Kills to report now. */
  newKills: number;
  /** The count to compare the next read with. */
  seen: number | undefined;
}

export function computeOomKills(seen: number | undefined, current: number | undefined, createdAfterAgentStart: boolean): OomKillCount {
  if (current === undefined) return { newKills: 0, seen };
  if (seen === undefined) return { newKills: createdAfterAgentStart ? current : 0, seen: current };
  return { newKills: Math.max(0, current - seen), seen: Math.max(seen, current) };
}

/**
 * Docker's `oom` event for a container, then a read of its counter. On cgroup v2 the engine learns
 * of the OOM from `memory.events` itself, so the counter already holds the kill: it is believed,
 * and a kill a relist read first is not reported twice. On v1 the kernel signals the OOM before
 * it kills (`mem_cgroup_oom_notify` runs before `mem_cgroup_out_of_memory`): a counter that shows
 * nothing new yet means one kill, which the next read must not report again. Where there is no
 * counter (a kernel before 4.13, a cgroup gone), the engine's word is one kill.
 */
export function computeEngineOom(seen: number | undefined, current: number | undefined, createdAfterAgentStart: boolean, countedBeforeEvent: boolean): OomKillCount {
  if (current === undefined) return { newKills: 1, seen };
  const counted = computeOomKills(seen, current, createdAfterAgentStart);
  if (counted.newKills > 0 || countedBeforeEvent) return counted;
  return { newKills: 1, seen: current + 1 };
}
