/** What the Docker runtime reports about each engine API call (implemented by `metrics/metrics.ts`). */
export interface RuntimeMetrics {
  /** `error` is the HTTP status code, or `connection` when the engine did not answer. */
  dockerCall(operation: string, seconds: number, error?: string): void;
  /** A bounded Docker API call entered (+1) or left (-1) the engine; the semaphore caps how many are in. */
  dockerCallsInFlight(delta: 1 | -1): void;
}
