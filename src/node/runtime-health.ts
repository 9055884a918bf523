/**
 * Whether the Docker engine answers, as the agent last found out (a relist, the events stream),
 * with the time that last changed: the node's Ready condition reads it, as the kubelet's reads
 * its runtime state (`container runtime is down`).
 */
export interface RuntimeHealthState {
  up: boolean;
  /** Why the engine is considered down (the last failure), when it is. */
  error?: string;
  /** When `up` last changed (epoch ms). */
  sinceMs: number;
}

export class RuntimeHealth {
  private current: RuntimeHealthState;

  constructor(nowMs: number) {
    this.current = { up: true, sinceMs: nowMs };
  }

  answered(nowMs: number): void {
    if (!this.current.up) this.current = { up: true, sinceMs: nowMs };
  }

  failed(error: string, nowMs: number): void {
    this.current = { up: false, error, sinceMs: this.current.up ? nowMs : this.current.sinceMs };
  }

  get state(): RuntimeHealthState {
    return { ...this.current };
  }
}
