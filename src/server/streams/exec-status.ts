/**
 * The `Status` an exec or attach session ends with, on channel 3 (k8s
 * `pkg/kubelet/cri/streaming/remotecommand/exec.go` `ServeExec` writes it; client-go
 * `tools/remotecommand/v4.go` `errorDecoderV4` reads it). kubectl turns `NonZeroExitCode` into
 * "command terminated with exit code N" and exits N.
 */

export const NON_ZERO_EXIT_CODE_REASON = 'NonZeroExitCode';
export const EXIT_CODE_CAUSE_TYPE = 'ExitCode';

/** How a session ended: the process's exit code, or a failure that kept us from learning it. */
export type SessionOutcome = { exitCode: number; command: readonly string[] } | { failure: string };

export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  /** A cause's type is `reason` in JSON (meta/v1 `StatusCause.Type`). */
  details?: { causes: { reason?: string; message: string }[] };
}

export function makeExecStatus(outcome: SessionOutcome): ExecStatus {
  if ('failure' in outcome) {
    const message = `error executing command in container: ${outcome.failure}`;
    return {
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: ${message}`,
      reason: 'InternalError',
      code: 500,
      details: { causes: [{ message }] },
    };
  }
  if (outcome.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${outcome.command.join(' ')}], exit code ${outcome.exitCode}`,
    reason: NON_ZERO_EXIT_CODE_REASON,
    details: { causes: [{ reason: EXIT_CODE_CAUSE_TYPE, message: String(outcome.exitCode) }] },
  };
}

/** What a client makes of the Status: an exit code, or a failure message (client-go's rules). */
export type ExecResult = { exitCode: number } | { error: string };

export function parseExecStatus(payload: Buffer | string): ExecResult {
  let status: Partial<ExecStatus>;
  try {
    status = JSON.parse(payload.toString()) as Partial<ExecStatus>;
  } catch {
    return { error: `error stream protocol error: ${payload.toString()}` };
  }
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.status !== 'Failure') return { error: 'error stream protocol error: unknown error' };
  if (status.reason !== NON_ZERO_EXIT_CODE_REASON) return { error: status.message ?? 'unknown error' };
  const cause = status.details?.causes.find((c) => c.reason === EXIT_CODE_CAUSE_TYPE);
  const code = cause === undefined ? Number.NaN : Number(cause.message);
  if (!Number.isInteger(code) || code < 0 || code > 255) {
    return { error: `error stream protocol error: no valid ${EXIT_CODE_CAUSE_TYPE} cause given` };
  }
  return { exitCode: code };
}
