import { type Pod, isSidecar } from '../api/pod-types.js';
import type { ProbeResult } from '../probes/probe-result.js';
import type { ObservedContainer } from '../runtime/types.js';
import { initContainerFailed } from './restart-policy.js';
import { type SpecHashes, specChanged } from './spec-changed.js';

/** A running sidecar to stop before it starts again, and why (the `Killing` event's message). */
export interface SidecarKill {
  index: number;
  id: string;
  message: string;
}

export interface InitProgress {
  /** Initialization is done: every init container succeeded, every sidecar started (or an app container already runs). */
  done: boolean;
  /** Index of the init container to start next (retry of a failed one, or the one after the last success). */
  next?: number;
  /** The init container at `next` failed (its newest instance). */
  failed: boolean;
  /** Sidecars before `next` (or of an initialized pod) to start again, in spec order: exited, gone, or killed below. */
  sidecarRestarts?: number[];
  /** Running sidecars to kill first: a failed startup or liveness probe, a changed spec, an unknown state. */
  sidecarKills?: SidecarKill[];
}

/** What the sidecar rules need besides the instances: spec hashes and the probe results by container ID. */
export interface SidecarInputs extends SpecHashes {
  startup?: ReadonlyMap<string, ProbeResult>;
  liveness?: ReadonlyMap<string, ProbeResult>;
}

/**
 * kubelet `computeInitContainerActions` (kuberuntime_container.go, SidecarContainers GA in 1.33),
 * over the init instances by name, newest first. An app container running means initialization is
 * done (init containers may have been garbage-collected). Otherwise, from the last init container
 * back: a failed one is retried, a running one is waited for, and after the last success comes the
 * next. A sidecar (`restartPolicy: Always`) counts as done once started (its startup probe passed,
 * or it has none) and is kept running from then on: restarted whenever it exits or is gone, killed
 * and restarted when a startup or liveness probe fails or its spec changed, whatever the pod's
 * restartPolicy.
 */
export function findNextInitContainer(
  pod: Pod,
  byName: ReadonlyMap<string, readonly ObservedContainer[]>,
  appRunning: boolean,
  sidecars: SidecarInputs = {},
): InitProgress {
  const inits = pod.spec.initContainers;
  if (inits.length === 0) return { done: true, failed: false };
  let done = appRunning;
  // Past the frontier (every init container before the newest one that ran): only sidecars matter.
  let initialized = appRunning;
  let next: number | undefined;
  let failed = false;
  const restarts: number[] = [];
  const kills: SidecarKill[] = [];
  const restart = (index: number, kill?: { id: string; message: string }) => {
    restarts.push(index);
    if (kill) kills.push({ index, ...kill });
  };
  for (let i = inits.length - 1; i >= 0; i--) {
    const spec = inits[i]!;
    const sidecar = isSidecar(spec);
    const newest = byName.get(spec.name)?.[0];
    if (!newest) {
      if (initialized && sidecar) restart(i);
      continue;
    }
    if (initialized && !sidecar) continue;
    const frontier = !initialized;
    initialized = true;
    if (newest.state === 'created') {
      if (frontier) next = i;
      else restart(i);
      continue;
    }
    if (newest.state === 'running') {
      if (!sidecar) continue; // wait for it to finish
      const startup = spec.startupProbe ? sidecars.startup?.get(newest.id) : 'success';
      if (startup === 'failure') {
        restart(i, { id: newest.id, message: `Init container ${spec.name} failed startup probe` });
        continue;
      }
      if (startup !== 'success') continue; // not started yet: the next one waits
      if (i === inits.length - 1) done = true;
      else if (frontier) next = i + 1;
      if (specChanged(sidecars, spec.name, newest.specHash)) {
        restart(i, { id: newest.id, message: `Init container ${spec.name} definition changed` });
        continue;
      }
      if (spec.livenessProbe && sidecars.liveness?.get(newest.id) === 'failure') {
        restart(i, { id: newest.id, message: `Init container ${spec.name} failed liveness probe` });
      }
      continue;
    }
    if (sidecar) {
      // Exited, or in an unknown state (killed before it starts again).
      const kill = newest.state === 'unknown' ? { id: newest.id, message: `Init container is in "unknown" state, try killing it before restart` } : undefined;
      if (frontier) {
        next = i;
        if (kill) kills.push({ index: i, ...kill });
      } else restart(i, kill);
      continue;
    }
    if (initContainerFailed(newest)) {
      next = i;
      failed = true;
      continue;
    }
    // A regular init container that exited 0.
    if (i === inits.length - 1) done = true;
    else next = i + 1;
  }
  if (!initialized) next = 0;
  const progress: InitProgress = { done, failed, ...(next !== undefined ? { next } : {}) };
  if (restarts.length > 0) progress.sidecarRestarts = restarts.reverse();
  if (kills.length > 0) progress.sidecarKills = kills.reverse();
  return progress;
}
