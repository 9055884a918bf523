/**
 * Kubernetes API times (`metav1.Time`) serialise as RFC 3339 in UTC with whole seconds
 * (`2024-05-01T12:00:00Z`): the fraction is truncated, as Go's `time.RFC3339` format does.
 */
export function toRfc3339(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
