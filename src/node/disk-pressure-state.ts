import { type ThresholdMet, diskPressureCondition } from './disk-pressure.js';

/** The node's DiskPressure condition as the last eviction check found it, with when it last changed. */
export interface DiskPressureView {
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  sinceMs: number;
}

export class DiskPressureState {
  private current: DiskPressureView;

  constructor(nowMs: number) {
    this.current = { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'the disk has not been looked at yet', sinceMs: nowMs };
  }

  observed(met: readonly ThresholdMet[], nowMs: number): void {
    const next = diskPressureCondition(met);
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
