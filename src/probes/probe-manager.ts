import type { Logger } from 'pino';
import { type Container, type Pod, type Probe, isSidecar } from '../api/pod-types.js';
import { type ObservedPod, podIPOf } from '../runtime/observed-pod.js';
import type { ProbeMetrics } from '../metrics/metrics.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { ObservedContainer } from '../runtime/types.js';
import type { EventRecorder } from '../status/event-recorder.js';
import { makeProbeRun } from './make-probe-run.js';
import { type ProbeClock, systemClock } from './probe-clock.js';
import { probeEvent } from './probe-events.js';
import { PROBE_KINDS, type ProbeKind, type ProbeOutcome, type ProbeResult } from './probe-result.js';
import { ProbeResults } from './probe-results.js';
import { ProbeWorker } from './probe-worker.js';

export interface ProbeManagerDeps {
  runtime: ContainerRuntime;
  events: EventRecorder;
  log: Logger;
  /** A cached result changed: the pod should be synced (liveness kill, Ready flip). */
  onChange: (podUid: string) => void;
  /** The node's IP: the pod IP of hostNetwork pods. */
  hostIP: () => string;
  /**
   * When the agent started (workers created within one period of it start after a random delay),
   * and the clock and randomness tests replace.
   */
  timing: { agentStartMs: number; clock?: ProbeClock; random?: () => number };
  /** Each attempt's result and duration, for /metrics (absent in tests). */
  metrics?: ProbeMetrics;
}

/** kubelet worker.go `initialValue`: NotReady until a readiness success, alive until proven dead. */
const INITIAL: Record<ProbeKind, ProbeResult> = { readiness: 'failure', liveness: 'success', startup: 'unknown' };

interface WorkerEntry {
  worker: ProbeWorker;
  containerId: string;
}

/**
 * One probe worker per (pod, container, probe kind) while that container runs (kubelet
 * pkg/kubelet/prober/prober_manager.go). The sync loop calls `update` after each sync with the
 * pod's observed containers: a container that started gets workers, one that stopped or was
 * replaced loses them (and its results) at once, so no probe ever runs against a dead container.
 * Results live in memory and reach the pod worker only when they change.
 */
export class ProbeManager {
  private readonly results: ProbeResults;
  private readonly workers = new Map<string, Map<string, WorkerEntry>>();
  /** Containers the engine said exited, by pod: an observation older than that event must not revive their probes. */
  private readonly exited = new Map<string, Set<string>>();
  private readonly clock: ProbeClock;
  private readonly random: () => number;

  constructor(private readonly deps: ProbeManagerDeps) {
    this.results = new ProbeResults(deps.onChange);
    this.clock = deps.timing.clock ?? systemClock;
    this.random = deps.timing.random ?? Math.random;
  }

  /** Starts and stops workers to match the pod's running containers. */
  update(pod: Pod, observed: ObservedPod): void {
    const uid = pod.metadata.uid;
    const podWorkers = this.workers.get(uid) ?? new Map<string, WorkerEntry>();
    const podIP = podIPOf(observed, pod.spec.hostNetwork, this.deps.hostIP());
    const wanted = new Set<string>();
    const exited = this.exited.get(uid);
    // App containers and sidecars are probed (kubelet prober_manager `AddPod`); regular init containers are not.
    const probed = [
      ...pod.spec.initContainers.filter(isSidecar).map((c) => ({ container: c, current: observed.init.get(c.name)?.[0] })),
      ...pod.spec.containers.map((c) => ({ container: c, current: observed.app.get(c.name)?.[0] })),
    ];
    for (const { container, current } of probed) {
      if (current?.state !== 'running' || exited?.has(current.id)) continue;
      for (const kind of PROBE_KINDS) {
        const probe = probeOf(container, kind);
        if (!probe) continue;
        const key = workerKey(kind, container.name);
        wanted.add(key);
        if (podWorkers.get(key)?.containerId === current.id) continue;
        podWorkers.get(key)?.worker.stop();
        podWorkers.set(key, this.startWorker(pod, container, kind, probe, current, podIP));
      }
    }
    for (const [key, entry] of podWorkers) {
      if (wanted.has(key)) continue;
      entry.worker.stop();
      podWorkers.delete(key);
      const [kind, name] = splitKey(key);
      this.results.delete(uid, name, kind);
    }
    if (podWorkers.size > 0) this.workers.set(uid, podWorkers);
    else this.workers.delete(uid);
    // Forget an exit once an observation no longer shows the container running.
    for (const id of exited ?? []) if (!observed.containers.some((c) => c.id === id && c.state === 'running')) exited!.delete(id);
    if (exited?.size === 0) this.exited.delete(uid);
  }

  /** The engine says a container exited: its workers stop at once (the next `update` confirms). */
  containerStopped(podUid: string, containerId: string): void {
    const podWorkers = this.workers.get(podUid);
    if (!podWorkers || ![...podWorkers.values()].some((e) => e.containerId === containerId)) return;
    let exited = this.exited.get(podUid);
    if (!exited) this.exited.set(podUid, (exited = new Set()));
    exited.add(containerId);
    for (const [key, entry] of podWorkers ?? []) {
      if (entry.containerId !== containerId) continue;
      entry.worker.stop();
      podWorkers.delete(key);
      const [kind, name] = splitKey(key);
      this.results.delete(podUid, name, kind);
    }
    if (podWorkers?.size === 0) this.workers.delete(podUid);
  }

  /** The pod is going away: its probes stop now. */
  removePod(podUid: string): void {
    for (const entry of this.workers.get(podUid)?.values() ?? []) entry.worker.stop();
    this.workers.delete(podUid);
    this.exited.delete(podUid);
    this.results.deletePod(podUid);
  }

  /** Liveness results by container ID, for the planner. */
  liveness(podUid: string): Map<string, ProbeResult> {
    return this.results.byContainerId(podUid, 'liveness');
  }

  /** Startup results by container ID, for the planner. */
  startup(podUid: string): Map<string, ProbeResult> {
    return this.results.byContainerId(podUid, 'startup');
  }

  /** Readiness by container name (running containers with a readiness probe only), for status. */
  readiness(podUid: string): Map<string, boolean> {
    return this.byName(podUid, 'readiness');
  }

  /** Startup passed by container name (running containers with a startup probe only), for status. */
  started(podUid: string): Map<string, boolean> {
    return this.byName(podUid, 'startup');
  }

  /** Number of live workers, all pods. */
  get workerCount(): number {
    let n = 0;
    for (const podWorkers of this.workers.values()) n += podWorkers.size;
    return n;
  }

  stop(): void {
    for (const uid of [...this.workers.keys()]) this.removePod(uid);
  }

  private byName(podUid: string, kind: ProbeKind): Map<string, boolean> {
    const out = new Map<string, boolean>();
    for (const key of this.workers.get(podUid)?.keys() ?? []) {
      const [k, name] = splitKey(key);
      if (k === kind) out.set(name, this.results.get(podUid, name, kind)?.result === 'success');
    }
    return out;
  }

  private startWorker(pod: Pod, container: Container, kind: ProbeKind, probe: Probe, current: ObservedContainer, podIP: string | undefined): WorkerEntry {
    const uid = pod.metadata.uid;
    const name = container.name;
    this.results.init(uid, name, kind, current.id, INITIAL[kind]);
    const now = this.clock.now();
    const periodMs = probe.periodSeconds * 1000;
    // kubelet worker.go: spread the first runs only when the agent itself just started.
    const firstDelayMs = now - this.deps.timing.agentStartMs < periodMs ? Math.floor(this.random() * periodMs) : 0;
    const log = this.deps.log.child({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: uid, container: name, probeType: kind });
    const worker = new ProbeWorker({
      kind,
      probe,
      startedAtMs: current.startedAt ?? now,
      clock: this.clock,
      firstDelayMs,
      isStarted: () => !container.startupProbe || this.results.get(uid, name, 'startup')?.result === 'success',
      run: makeProbeRun(this.deps.runtime, probe, container, { containerId: current.id, podIP }),
      setResult: (result) => {
        if (result === 'failure' && kind !== 'readiness') log.info({ containerId: current.id.slice(0, 12) }, 'Container failed its probe and will be killed');
        else log.debug({ result }, 'Probe result changed');
        this.results.set(uid, name, kind, current.id, result);
      },
      onAttempt: (outcome, seconds) => {
        this.deps.metrics?.probeResult(kind, outcome.result, seconds);
        this.recordAttempt(uid, name, kind, outcome, log, isSidecar(container));
      },
    });
    worker.start();
    return { worker, containerId: current.id };
  }

  private recordAttempt(podUid: string, name: string, kind: ProbeKind, outcome: ProbeOutcome, log: Logger, sidecar: boolean): void {
    const event = probeEvent(kind, name, outcome, sidecar);
    if (!event) return;
    // Every failed attempt is an event (they fold by message); logs only at debug, never per period at info.
    this.deps.events.record(podUid, event);
    log.debug({ result: outcome.result, output: outcome.output.slice(0, 200) }, 'Probe attempt did not succeed');
  }
}

function probeOf(container: Container, kind: ProbeKind): Probe | undefined {
  return kind === 'liveness' ? container.livenessProbe : kind === 'readiness' ? container.readinessProbe : container.startupProbe;
}

function workerKey(kind: ProbeKind, containerName: string): string {
  return `${kind}/${containerName}`;
}

function splitKey(key: string): [ProbeKind, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash) as ProbeKind, key.slice(slash + 1)];
}
