import type { DiskSignal, EvictionThreshold } from './eviction-thresholds.js';

/** What statfs says of one filesystem. */
export interface FilesystemStats {
  capacityBytes: number;
  availableBytes: number;
  inodes: number;
  inodesFree: number;
}

export interface DiskStats {
  nodefs: FilesystemStats;
  /** The same as nodefs when the engine's data root is on the same filesystem. */
  imagefs: FilesystemStats;
}

/** A threshold crossed: what it is and what is left, for the node condition and eviction messages. */
export interface ThresholdMet {
  signal: DiskSignal;
  /** The threshold as an amount (bytes or inodes): a percentage of the capacity worked out. */
  thresholdAmount: number;
  available: number;
  text: string;
}

/**
 * The disk thresholds crossed now (kubelet `thresholdsMet`, `pkg/kubelet/eviction/helpers.go`): a
 * signal is met when what is available is below the threshold's amount. Pure.
 */
export function thresholdsMet(stats: DiskStats, thresholds: readonly EvictionThreshold[]): ThresholdMet[] {
  const met: ThresholdMet[] = [];
  for (const t of thresholds) {
    const [fsName, what] = t.signal.split('.') as ['nodefs' | 'imagefs', 'available' | 'inodesFree'];
    const fs = stats[fsName];
    const capacity = what === 'available' ? fs.capacityBytes : fs.inodes;
    const available = what === 'available' ? fs.availableBytes : fs.inodesFree;
    // A filesystem that reports no inodes (some do) has no inode signal.
    if (capacity <= 0) continue;
    const thresholdAmount = 'percentage' in t.value ? Math.floor(capacity * t.value.percentage) : t.value.quantity;
    if (available < thresholdAmount) met.push({ signal: t.signal, thresholdAmount, available, text: t.text });
  }
  return met;
}

/** The node's `DiskPressure` condition as the kubelet words it (`pkg/kubelet/nodestatus/setters.go`). */
export function diskPressureCondition(met: readonly ThresholdMet[]): { status: 'True' | 'False'; reason: string; message: string } {
  if (met.length === 0) return { status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' };
  const why = met.map((m) => `${m.signal} below ${m.text}`).join(', ');
  return { status: 'True', reason: 'KubeletHasDiskPressure', message: `kubelet has disk pressure (${why})` };
}
