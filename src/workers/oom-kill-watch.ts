import type { Pod } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import type { EventInput } from '../status/event-recorder.js';
import { makeOomEvent } from '../status/oom-event.js';
import { computeEngineOom, computeOomKills, type OomKillCount } from '../status/oom-kills.js';

export interface OomKillWatchDeps {
  /** A container's `oom_kill` counter (`CgroupUsageReader`); absent where the agent has no cgroup layout. */
  counters?: { containerOomKills(pod: Pod, containerId: string): Promise<number | undefined> };
  /**
   * The cgroup version. v2: every running container's counter is read at each relist (a child
   * killed while PID 1 survives may come with no Docker event; `memory.events` shows it). v1: the
   * engine's `oom` event (the kernel's OOM notifier) drives the reads; a relist reads only the
   * containers an earlier agent started, once, to know which kills were before it.
   */
  cgroupVersion: 1 | 2;
  /** Containers created before it had their kills reported by the agent that ran then. */
  agentStartMs: number;
  record(podUid: string, event: EventInput): void;
  /** How long after an engine event whose read showed nothing new the counter is read again (default 1 s). */
  recheckMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

const RECHECK_MS = 1_000;
/** An engine signal this soon after a kill of the same container was reported, with no counter to read, is that same OOM. */
const SAME_OOM_MS = 5_000;

/**
 * OOM kills in containers, reported as `OOMKilling` Warning events on the pod (issue 16 §1): one
 * per kill the container's cgroup counts, whether the engine said so (Docker's `oom` event) or a
 * relist read it, never twice (`oom-kills.ts`). The container's state stays what the engine says.
 */
export class OomKillWatch {
  private readonly seen = new Map<string, number | undefined>();
  private readonly reportedAt = new Map<string, number>();

  constructor(private readonly deps: OomKillWatchDeps) {}

  /**
   * Docker's `oom` event for this container: its counter is read; when it shows nothing new yet
   * (cgroup v1 signals before the kill is counted), once more `recheckMs` later, a one-off timer;
   * a cgroup gone by then (PID 1 was the one killed) leaves the engine's word.
   */
  async engineOom(container: ObservedContainer, pod: Pod | undefined): Promise<void> {
    if (container.kind === 'sandbox') return;
    const read = () => (pod ? this.deps.counters?.containerOomKills(pod, container.id) : undefined);
    const decide = (current: number | undefined) =>
      computeEngineOom(this.seen.get(container.id), current, this.createdAfterStart(container), this.reportedRecently(container.id));
    const current = await read();
    const count = decide(current);
    this.apply(container, pod, count);
    if (count.newKills > 0 || current === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, this.deps.recheckMs ?? RECHECK_MS).unref());
    this.apply(container, pod, decide(await read()));
  }

  /** A relist's containers (see `cgroupVersion` for which are read). Containers no longer listed are forgotten. */
  async relisted(containers: readonly ObservedContainer[], podOf: (uid: string) => Pod | undefined): Promise<void> {
    const listed = new Set(containers.map((c) => c.id));
    for (const id of this.seen.keys()) if (!listed.has(id)) this.seen.delete(id);
    for (const id of this.reportedAt.keys()) if (!listed.has(id)) this.reportedAt.delete(id);
    if (!this.deps.counters) return;
    const v2 = this.deps.cgroupVersion === 2;
    const due = containers.filter((c) => c.kind !== 'sandbox' && c.state === 'running' && (v2 || (!this.createdAfterStart(c) && !this.seen.has(c.id))));
    await Promise.all(
      due.map(async (c) => {
        const pod = podOf(c.podUid);
        if (!pod) return;
        const current = await this.deps.counters?.containerOomKills(pod, c.id);
        this.apply(c, pod, computeOomKills(this.seen.get(c.id), current, this.createdAfterStart(c)));
      }),
    );
  }

  private apply(container: ObservedContainer, pod: Pod | undefined, count: OomKillCount): void {
    this.seen.set(container.id, count.seen);
    if (count.newKills === 0) return;
    this.reportedAt.set(container.id, this.now());
    this.deps.record(container.podUid, makeOomEvent(container, pod, count.newKills));
  }

  private reportedRecently(containerId: string): boolean {
    const at = this.reportedAt.get(containerId);
    return at !== undefined && this.now() - at < SAME_OOM_MS;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private createdAfterStart(container: ObservedContainer): boolean {
    return container.createdAt >= this.deps.agentStartMs;
  }
}
