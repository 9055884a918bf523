import { Counter, Gauge, Histogram, Registry } from './prom-client.js';
import type { PodEvent, PodStatus } from '../api/pod-status-types.js';
import type { NodeUsage } from '../cgroups/cgroup-usage-reader.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';
import type { RuntimeMetrics } from '../runtime/runtime-metrics.js';
import { countRestarts } from './count-restarts.js';
import { PodStartTracker } from './pod-start-tracker.js';
import { registerProcessMetrics } from './process-metrics.js';
import { registerUsageMetrics } from './usage-metrics.js';
import { countContainersByState, countPodsByPhase } from './tally-pods.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
/** What one probe attempt found (the prober's `ProbeOutcome.result`). */
export type ProbeAttemptResult = 'success' | 'failure' | 'warning' | 'error';

/**
 * The kubelet's `result` label values (k8s `pkg/kubelet/prober/worker.go`): a warning counts as a
 * success, a prober error as unknown.
 */
const RESULT_LABEL: Record<ProbeAttemptResult, string> = { success: 'successful', warning: 'successful', failure: 'failed', error: 'unknown' };

/** What the sync loop reports: pods appearing, their statuses as published, pods going away. */
export interface PodMetrics {
  podSeen(uid: string, nowMs: number): void;
  podPublished(update: PodPublished): void;
  podGone(uid: string): void;
}

export interface PodPublished {
  uid: string;
  previous: PodStatus | undefined;
  status: PodStatus;
  containerCount: number;
  createdAtMs: number;
  events: readonly PodEvent[];
  nowMs: number;
}


/** What the prober reports for each probe attempt: its result and how long the handler ran. */
export interface ProbeMetrics {
  probeResult(kind: ProbeKind, result: ProbeAttemptResult, seconds: number): void;
}

/** What the gauges read when scraped. */
export interface MetricsSources {
  podStatuses(): PodStatus[];
  manifestProblems(): ManifestProblem[];
  /** The pods' cgroup usage, read once per scrape; absent where the agent has no cgroup layout. */
  usage?(): Promise<NodeUsage>;
}

const PROBE_TYPE: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

/**
 * The agent's Prometheus metrics, in a registry of its own (no global): created by the daemon and
 * handed to the components that report. Names follow the kubelet's (`kubelet_*`, `prober_*`)
 * under the `minikubelet_` prefix; the process's own (`process-metrics.ts`) under prom-client's default names.
 */
export class Metrics implements PodMetrics, RuntimeMetrics, ProbeMetrics {
  readonly registry = new Registry();
  private readonly starts = new PodStartTracker();
  private sources: MetricsSources = { podStatuses: () => [], manifestProblems: () => [] };
  /** This scrape's cgroup usage (`exposition` reads it before the gauges collect). */
  private usage: NodeUsage | undefined;
  private readonly podStart = new Histogram({
    name: 'minikubelet_pod_start_duration_seconds',
    help: 'Time from the agent seeing a pod manifest to all its containers running, excluding image pulls',
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  private readonly restarts = new Counter({
    name: 'minikubelet_container_restarts_total',
    help: 'Container restarts, by how the previous instance terminated',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly dockerDuration = new Histogram({
    name: 'minikubelet_docker_operations_duration_seconds',
    help: 'Docker Engine API call latency, by operation',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly dockerErrors = new Counter({
    name: 'minikubelet_docker_operations_errors_total',
    help: 'Docker Engine API calls that failed, by operation and HTTP status (or "connection")',
    labelNames: ['operation', 'code'],
    registers: [this.registry],
  });
  private inFlight = 0;
  private peakInFlight = 0;
  private readonly dockerInFlight = new Gauge({
    name: 'minikubelet_docker_operations_in_flight',
    help: 'Docker Engine API calls in the engine now (at most --max-docker-calls; stops and log streams are not counted)',
    registers: [this.registry],
  });
  private readonly dockerInFlightPeak = new Gauge({
    name: 'minikubelet_docker_operations_in_flight_peak',
    help: 'The most Docker Engine API calls in the engine at once since the agent started',
    registers: [this.registry],
  });
  private readonly probes = new Counter({
    name: 'minikubelet_prober_probe_total',
    help: 'Probe runs, by probe type and result',
    labelNames: ['probe_type', 'result'],
    registers: [this.registry],
  });
  private readonly probeDuration = new Histogram({
    name: 'minikubelet_prober_probe_duration_seconds',
    help: 'Probe run time, by probe type',
    labelNames: ['probe_type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    const sources = () => this.sources;
    new Gauge({
      name: 'minikubelet_pods',
      help: 'Pods, by phase',
      labelNames: ['phase'],
      registers: [this.registry],
      collect() {
        for (const [phase, n] of countPodsByPhase(sources().podStatuses())) this.set({ phase }, n);
      },
    });
    new Gauge({
      name: 'minikubelet_containers',
      help: 'Init and app containers, by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        for (const [state, n] of countContainersByState(sources().podStatuses())) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'minikubelet_manifest_problems',
      help: 'Problems in the manifest directory now (errors keep a file from applying), by severity',
      labelNames: ['severity'],
      registers: [this.registry],
      collect() {
        const problems = sources().manifestProblems();
        for (const severity of ['error', 'warning'] as const) this.set({ severity }, problems.filter((p) => p.severity === severity).length);
      },
    });
    registerProcessMetrics(this.registry);
    registerUsageMetrics(this.registry, () => this.usage);
  }

  /** Where the gauges read pods and manifest problems (known once the components exist). */
  readFrom(sources: MetricsSources): void {
    this.sources = sources;
  }

  podSeen(uid: string, nowMs: number): void {
    this.starts.seen(uid, nowMs);
  }

  podPublished(update: PodPublished): void {
    const started = this.starts.published(update.uid, update);
    if (started !== undefined) this.podStart.observe(started);
    for (const [reason, n] of countRestarts(update.previous, update.status)) this.restarts.inc({ reason }, n);
  }

  podGone(uid: string): void {
    this.starts.forget(uid);
  }

  dockerCall(operation: string, seconds: number, error?: string): void {
    const label = operation.replaceAll(' ', '_');
    this.dockerDuration.observe({ operation: label }, seconds);
    if (error !== undefined) this.dockerErrors.inc({ operation: label, code: error });
  }

  dockerCallsInFlight(delta: 1 | -1): void {
    this.inFlight += delta;
    this.dockerInFlight.set(this.inFlight);
    if (delta > 0 && this.inFlight > this.peakInFlight) {
      this.peakInFlight = this.inFlight;
      this.dockerInFlightPeak.set(this.inFlight);
    }
  }

  probeResult(kind: ProbeKind, result: ProbeAttemptResult, seconds: number): void {
    this.probes.inc({ probe_type: PROBE_TYPE[kind], result: RESULT_LABEL[result] });
    this.probeDuration.observe({ probe_type: PROBE_TYPE[kind] }, seconds);
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    this.usage = await this.sources.usage?.().catch(() => undefined);
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
