import { memoryToBytes } from '../api/quantity.js';

/**
 * The kubelet's hard eviction thresholds for disk (`--eviction-hard`, k8s
 * `pkg/kubelet/eviction/api/types.go` signals, `helpers.go` `ParseThresholdConfig`): each signal
 * crosses its threshold when what is left falls below it, as a percentage of the filesystem or a
 * quantity. nodefs is the filesystem of the agent's root dir (pod volumes, the agent's files),
 * imagefs the engine's data root (images, writable layers, container logs).
 */
export const DISK_SIGNALS = ['nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree'] as const;
export type DiskSignal = (typeof DISK_SIGNALS)[number];

export interface EvictionThreshold {
  signal: DiskSignal;
  /** A fraction of the capacity (0.1 for 10%), or an absolute amount (bytes, or inodes). */
  value: { percentage: number } | { quantity: number };
  /** As written, for messages: `10%`, `1Gi`. */
  text: string;
}

/** The kubelet's defaults for the disk signals (`DefaultEvictionHard`, Linux). */
export const DEFAULT_EVICTION_HARD = 'nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%,imagefs.inodesFree<5%';

/** DEFAULT_EVICTION_HARD, parsed (it is valid: `disk-pressure.test.ts` reads it). */
export const DEFAULT_EVICTION_THRESHOLDS: EvictionThreshold[] = [
  { signal: 'nodefs.available', value: { percentage: 0.1 }, text: '10%' },
  { signal: 'nodefs.inodesFree', value: { percentage: 0.05 }, text: '5%' },
  { signal: 'imagefs.available', value: { percentage: 0.15 }, text: '15%' },
  { signal: 'imagefs.inodesFree', value: { percentage: 0.05 }, text: '5%' },
];

export type ParsedThresholds = { ok: true; value: EvictionThreshold[] } | { ok: false; error: string };

/** `signal<value,…`; an empty text means no thresholds (eviction off, as the kubelet's `--eviction-hard=""`). */
export function parseEvictionThresholds(text: string): ParsedThresholds {
  const thresholds: EvictionThreshold[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([a-zA-Z.]+)<(.+)$/.exec(part);
    if (!match) return { ok: false, error: `"${part}" is not signal<value, such as nodefs.available<10%` };
    const signal = match[1]!;
    const valueText = match[2]!.trim();
    if (!(DISK_SIGNALS as readonly string[]).includes(signal)) {
      return { ok: false, error: `"${signal}" is not a disk eviction signal minikubelet watches: use ${DISK_SIGNALS.join(', ')}` };
    }
    if (thresholds.some((t) => t.signal === signal)) return { ok: false, error: `"${signal}" is given twice` };
    const value = parseValue(valueText, signal.endsWith('inodesFree'));
    if (typeof value === 'string') return { ok: false, error: `"${part}": ${value}` };
    thresholds.push({ signal: signal as DiskSignal, value, text: valueText });
  }
  return { ok: true, value: thresholds };
}

function parseValue(text: string, inodes: boolean): EvictionThreshold['value'] | string {
  if (text.endsWith('%')) {
    const percent = Number(text.slice(0, -1));
    // kubelet: "eviction percentage threshold %v must be >= 0% and <= 100%"
    if (!(text.length > 1 && percent >= 0 && percent <= 100)) return 'a percentage must be from 0% to 100%';
    return { percentage: percent / 100 };
  }
  if (inodes) {
    const count = Number(text);
    return Number.isInteger(count) && count >= 0 ? { quantity: count } : 'an inode count must be a whole number, or a percentage';
  }
  const bytes = memoryToBytes(text);
  if (!bytes.ok) return `${bytes.error}: use a percentage (10%) or a quantity (1Gi)`;
  return { quantity: bytes.value };
}
