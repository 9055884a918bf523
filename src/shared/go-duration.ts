/**
 * Go's `time.Duration.String()` for whole seconds: `10s`, `1m20s`, `5m0s`, `1h0m0s`. Kubelet
 * messages print durations this way (back-off waits, probe timeouts).
 */
export function formatGoDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
