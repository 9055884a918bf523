/**
 * The words of the kubelet's prober (pkg/kubelet/prober/results/results_manager.go,
 * pkg/probe/probe.go): what a probe kind is, what one attempt found, and the cached result the pod
 * worker acts on.
 */

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export const PROBE_KINDS: readonly ProbeKind[] = ['liveness', 'readiness', 'startup'];

/** The cached result per container (kubelet `results.Result`). */
export type ProbeResult = 'success' | 'failure' | 'unknown';

/**
 * One attempt (kubelet `probe.Result` plus output): `warning` counts as a success with a
 * `ProbeWarning` event (an HTTP redirect not followed); `error` is the prober's own failure, thrown
 * away without counting toward a threshold.
 */
export interface ProbeOutcome {
  result: 'success' | 'failure' | 'warning' | 'error';
  output: string;
}

/**
 * One run of a handler. `outcome` settles within the probe's timeout; `settled` when nothing of
 * the run is left (an exec process that outlived the timeout has exited), so the worker never
 * starts the same probe twice at once.
 */
export interface ProbeRun {
  outcome: Promise<ProbeOutcome>;
  settled: Promise<void>;
}

/** `Liveness`, `Readiness`, `Startup`: how the kubelet names a kind in event messages. */
export function probeKindTitle(kind: ProbeKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}
