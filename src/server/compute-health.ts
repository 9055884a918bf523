/**
 * `/healthz` on the read-only port, in the Kubernetes healthz format: one `[+]name ok` or
 * `[-]name failed: why` line per check, 200 when all pass, 503 otherwise.
 */

export interface HealthInputs {
  /** undefined when the engine answered the ping; else why not. */
  engineError: string | undefined;
  /** When the manifest directory was last listed (epoch ms); undefined if never. */
  lastScanMs: number | undefined;
  /** Why the directory cannot be read now, if it cannot. */
  sourceProblem: string | undefined;
  rescanMs: number;
  nowMs: number;
}

export interface HealthCheck {
  name: string;
  /** undefined when the check passed. */
  failure: string | undefined;
}

/** A source that missed this many rescans in a row is not syncing. */
const MISSED_RESCANS = 3;

export function computeHealth(input: HealthInputs): HealthCheck[] {
  return [
    { name: 'docker', failure: input.engineError && `the Docker engine did not answer: ${input.engineError}` },
    { name: 'manifest-source', failure: sourceFailure(input) },
  ];
}

function sourceFailure(input: HealthInputs): string | undefined {
  const why = input.sourceProblem ? ` (${input.sourceProblem})` : '';
  if (input.lastScanMs === undefined) return `the manifest directory was never listed${why}`;
  const ageMs = input.nowMs - input.lastScanMs;
  if (ageMs <= MISSED_RESCANS * input.rescanMs) return undefined;
  return `the manifest directory was last listed ${Math.round(ageMs / 1000)}s ago, expected every ${Math.round(input.rescanMs / 1000)}s${why}`;
}

export function formatHealth(checks: readonly HealthCheck[]): { code: 200 | 503; text: string } {
  const lines = checks.map((c) => (c.failure === undefined ? `[+]${c.name} ok` : `[-]${c.name} failed: ${c.failure}`));
  const healthy = checks.every((c) => c.failure === undefined);
  return { code: healthy ? 200 : 503, text: `${[...lines, healthy ? 'healthz check passed' : 'healthz check failed'].join('\n')}\n` };
}
