import type { Pod } from '../api/pod-types.js';
import type { ProbeResult } from '../probes/probe-result.js';
import type { ObservedPod } from '../runtime/observed-pod.js';
import type { BackOffPolicy } from '../shared/backoff.js';
import type { BackOffReader } from '../shared/backoff-store.js';

/** What `computePodActions` decides from: the desired pod, what the engine has, probe results, back-off, now. */
export interface PodActionsInput {
  pod: Pod;
  /** Every container of this pod the engine has (any sandbox, any attempt), grouped. */
  observed: ObservedPod;
  /** Hash of each desired container spec, by container name (init and app). */
  specHashes: ReadonlyMap<string, string>;
  /** The hash minikubelet 0.1 gave each spec: a running container labelled with it is adopted (`spec-changed.ts`). */
  legacySpecHashes?: ReadonlyMap<string, string>;
  /** Crash-loop and sandbox-creation back-off entries. */
  backOff: BackOffReader;
  backOffPolicy: BackOffPolicy;
  nowMs: number;
  /** Liveness results by container ID (the prober's cache): a running container at `failure` is killed. */
  liveness?: ReadonlyMap<string, ProbeResult>;
  /** Startup results by container ID: a running container at `failure` is killed. */
  startup?: ReadonlyMap<string, ProbeResult>;
}
