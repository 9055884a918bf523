/** Summary statistics for benchmark samples (milliseconds unless said otherwise). */
export interface Summary {
  n: number;
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The middle value, or the mean of the middle two for an even count (unrounded). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no samples');
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no samples');
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    n: sorted.length,
    median: round(percentile(sorted, 50)),
    p10: round(percentile(sorted, 10)),
    p90: round(percentile(sorted, 90)),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

export function formatSummary(s: Summary, unit = 'ms'): string {
  return `median ${s.median} ${unit} (p10 ${s.p10}, p90 ${s.p90}, min ${s.min}, max ${s.max}; n=${s.n})`;
}
