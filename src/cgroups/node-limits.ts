/** What the agent learned about the node and its engine at start, for the resource mapping. */
export interface NodeLimits {
  /** The node's memory capacity: the kubelet's `memoryCapacity` in OOM score adjustments. */
  memoryCapacityBytes: number;
  /** Allocatable memory (capacity − `--system-reserved`): the largest `medium: Memory` tmpfs. */
  memoryAllocatableBytes: number;
  /** Whether the engine may set a negative oom_score_adj (`runtime/docker/probe-oom-score-adj.ts`). */
  canLowerOomScore: boolean;
  /** `--pod-max-pids`; undefined = unlimited. */
  podPidsLimit?: number;
}
