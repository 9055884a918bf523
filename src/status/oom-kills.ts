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
 * Docker's `oom` event for a container, then a read of its counter. The counter is believed where
 * there is one: the engine may signal one OOM more than once (cgroup v1's notifier fires for each
 * charge that fails), and a relist may have read the kill first. Only where there is no counter
 * (a kernel before 4.13, a cgroup already gone because PID 1 was killed) is the engine's word one
 * kill, and then only when no kill of this container was reported a moment ago (`reportedRecently`):
 * a second signal of that same OOM, read after the cgroup went, is not a second kill. (v1 signals
 * the OOM before the kill is counted: `OomKillWatch` reads again shortly when a read shows nothing
 * new, and that read comes here too, so a cgroup gone by then still gets its one kill.)
 */
export function computeEngineOom(seen: number | undefined, current: number | undefined, createdAfterAgentStart: boolean, reportedRecently: boolean): OomKillCount {
  // A kill reported on the engine's word counts as one the counter holds: a read that succeeds
  // later (the first read failed, or the event came before the pod was known) does not report it again.
  if (current === undefined) return reportedRecently ? { newKills: 0, seen } : { newKills: 1, seen: (seen ?? 0) + 1 };
  return computeOomKills(seen, current, createdAfterAgentStart);
}
