/** The OOM kills `describe pod` shows in OOMKilling events: each line's count (`x3`) times the processes its message names. */
export function reportedOomKills(described: string): number {
  let kills = 0;
  for (const line of described.split('\n').filter((l) => /\bOOMKilling\b/.test(l))) {
    const times = Number(/\(x(\d+) over/.exec(line)?.[1] ?? 1);
    const processes = Number(/(\d+) processes of container/.exec(line)?.[1] ?? 1);
    kills += times * processes;
  }
  return kills;
}

/** The command a test container runs as a child that outgrows its memory limit, with oom_score_adj 1000 so the kernel kills it (or its pipeline) and never PID 1. */
export const OOM_CHILD = "sh -c 'echo 1000 > /proc/self/oom_score_adj; head -c 300m /dev/zero | tail'";
