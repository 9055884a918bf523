/** What the agent learned about the node and its engine at start, for the resource mapping. */
export interface NodeResources {
  /** The node's memory (Docker `MemTotal`): the kubelet's `memoryCapacity` for OOM scores and tmpfs sizes. */
  memoryCapacityBytes: number;
  /** Whether the engine may set a negative oom_score_adj (`runtime/docker/probe-oom-score-adj.ts`). */
  canLowerOomScore: boolean;
  /** `--pod-max-pids`; undefined = unlimited. */
  podPidsLimit?: number;
}
