import { type ThresholdMet, diskPressureCondition } from './disk-pressure.js';

/** The node's DiskPressure condition as the last eviction check found it, with when it last changed. */
export interface DiskPressureView {
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  sinceMs: number;
}

/**
 * The condition stays True for the transition period after the thresholds were last met (kubelet
 * `--eviction-pressure-transition-period`, 5m: `nodeConditionsObservedSince`), so it does not flap
 * while evictions free space; evictions themselves follow only the thresholds met now.
 */
export class DiskPressureState {
  private current: DiskPressureView;
  private lastPressure: { atMs: number; met: readonly ThresholdMet[] } | undefined;

  constructor(nowMs: number, private readonly transitionPeriodMs: number) {
    this.current = { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'the disk has not been looked at yet', sinceMs: nowMs };
  }

  observed(met: readonly ThresholdMet[], nowMs: number): void {
    if (met.length > 0) this.lastPressure = { atMs: nowMs, met };
    const lingering = this.lastPressure !== undefined && nowMs - this.lastPressure.atMs < this.transitionPeriodMs;
    const next = diskPressureCondition(met.length > 0 || !lingering ? met : this.lastPressure!.met);
    this.current = { ...next, sinceMs: next.status === this.current.status ? this.current.sinceMs : nowMs };
  }

  /** statfs failed: the condition is Unknown, and why. */
  failed(error: string, nowMs: number): void {
    this.current = { status: 'Unknown', reason: 'NodeStatusUnknown', message: `cannot read the filesystems: ${error}`, sinceMs: this.current.status === 'Unknown' ? this.current.sinceMs : nowMs };
  }

  get view(): DiskPressureView {
    return { ...this.current };
  }
}
