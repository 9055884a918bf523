import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Docker from 'dockerode';
import { hashContainer } from '../api/container-hash.js';
import type { AgentOptions } from '../config/agent-options.js';
import { SANDBOX_OOM_SCORE_ADJ } from '../executor/make-sandbox-spec.js';
import { PodAdmission } from '../admission/pod-admission.js';
import { PodSyncer } from '../executor/pod-syncer.js';
import { PodHostSetup } from '../executor/pod-host-setup.js';
import { PodCgroups } from '../cgroups/pod-cgroups.js';
import { readCgroupLayout } from '../runtime/docker/read-cgroup-layout.js';
import { EmptyDirUsageMonitor } from '../volumes/empty-dir-usage-monitor.js';
import { PodEvictions } from '../volumes/pod-evictions.js';
import { isPodTerminal } from '../status/generate-pod-status.js';
import { release } from 'node:os';
import { toApiNode } from '../node/api-node.js';
import { RuntimeHealth } from '../node/runtime-health.js';
import { AGENT_VERSION, osImage } from '../node/host-facts.js';
import { nodeInfoFromHost } from '../node/node-info-from-host.js';
import { TerminationMessages } from '../executor/termination-messages.js';
import { ImageCredentialsFile } from '../images/image-credentials-file.js';
import { ManifestSource } from '../manifests/manifest-source.js';
import { Metrics } from '../metrics/metrics.js';
import type { BackOffEntry } from '../planner/crash-loop-backoff.js';
import { DockerRuntime } from '../runtime/docker/docker-runtime.js';
import { ensurePauseImage } from '../runtime/docker/ensure-pause-image.js';
import { canLowerOomScore } from '../runtime/docker/probe-oom-score-adj.js';
import { createAgentState } from '../server/agent-state.js';
import { createApiServer } from '../server/api-server.js';
import { createReadOnlyServer } from '../server/read-only-server.js';
import { detectHostIP } from '../shared/host-ip.js';
import { createLogger } from '../shared/logger.js';
import { waitForEngine } from '../runtime/wait-for-engine.js';
import { EventRecorder } from '../status/event-recorder.js';
import { StatusStore } from '../status/status-store.js';
import { SyncLoop } from '../workers/sync-loop.js';
import { ProbeManager } from '../probes/probe-manager.js';
import { followRuntimeEvents } from './follow-runtime-events.js';
import { createSystemdNotifier } from './systemd-notify.js';

/** How long SIGTERM waits for syncs under way (a container stop may take its grace period). */
const SHUTDOWN_DRAIN_MS = 30_000;

/** kubelet `evictionMonitoringPeriod`: emptyDir usage is checked every 10 s. */
const EVICTION_MONITORING_MS = 10_000;

/** kubelet: a failed sync is retried after 10 s. */
const SYNC_RETRY_MS = 10_000;

/**
 * The composition root: wires the components, owns start and shutdown order, holds no logic.
 * SIGTERM/SIGINT stop the agent and leave the pods running (as the kubelet does); the next start
 * adopts them from their Docker labels.
 */
export async function runAgent(options: AgentOptions): Promise<void> {
  const log = createLogger(options.logLevel);
  const now = Date.now;
  const shutdown = new AbortController();
  const stopOn = (signal: NodeJS.Signals) => process.once(signal, () => {
    log.info({ signal }, 'Stopping the agent; pods keep running');
    shutdown.abort();
  });
  stopOn('SIGTERM');
  stopOn('SIGINT');
  // Under systemd (Type=notify): the watchdog is fed from the start, readiness after the first sync.
  const systemd = createSystemdNotifier(process.env, log.child({ component: 'systemd' }));
  const stopWatchdog = systemd?.startWatchdog();
  const metrics = new Metrics();

  const node = nodeInfoFromHost(options);
  const startedAtMs = now();
  const rootDir = path.resolve(options.rootDir);
  await mkdir(rootDir, { recursive: true, mode: 0o755 });
  const docker = new Docker();
  const runtime = new DockerRuntime({
    docker, nodeName: options.nodeName, maxConcurrentCalls: options.maxConcurrentDockerCalls, metrics,
    logRotation: { maxSizeBytes: options.containerLogMaxSize, maxFiles: options.containerLogMaxFiles },
  });
  const version = await waitForEngine(runtime, log.child({ component: 'runtime' }), shutdown.signal).catch(() => undefined);
  if (!version) return;
  log.info({ engineVersion: version, nodeName: options.nodeName, manifestDir: options.manifestDir, rootDir }, 'Connected to the Docker engine');
  await ensurePauseImage(docker, options.pauseImage, log.child({ component: 'pause-image' }));
  const lowerOom = await canLowerOomScore(docker, options.pauseImage, options.nodeName, log.child({ component: 'runtime' }));
  const cgroupLayout = await readCgroupLayout(docker, log.child({ component: 'cgroups' }));
  const podHost = new PodHostSetup({
    runtime, rootDir,
    node: { memoryCapacityBytes: node.capacity.memoryBytes, memoryAllocatableBytes: node.allocatable.memoryBytes, canLowerOomScore: lowerOom, ...(options.podMaxPids ? { podPidsLimit: options.podMaxPids } : {}) },
    ...(cgroupLayout ? { cgroups: new PodCgroups({ layout: cgroupLayout, podPidsLimit: options.podMaxPids, log: log.child({ component: 'cgroups' }) }) } : {}),
  });

  const imageCredentials = options.imageCredentials ? new ImageCredentialsFile(options.imageCredentials, log.child({ component: 'images' })) : undefined;
  const events = new EventRecorder(now);
  const store = new StatusStore();
  const backOff = new Map<string, BackOffEntry>();
  const backOffPolicy = { initialMs: options.backOffInitialSeconds * 1000, maxMs: options.backOffMaxSeconds * 1000 };
  const hostIP = detectHostIP();
  const evictions = new PodEvictions(rootDir);
  await evictions.load();
  const syncer = new PodSyncer({
    runtime, events, log: log.child({ component: 'pod-syncer' }), nodeName: options.nodeName, rootDir,
    pauseImage: options.pauseImage, clusterDomain: options.clusterDomain, sandboxOomScoreAdj: lowerOom ? SANDBOX_OOM_SCORE_ADJ : undefined, now, backOff, backOffPolicy, pullBackOff: new Map(), hashContainer,
    credentials: (image) => imageCredentials?.lookup(image), hostIP: () => hostIP, host: podHost,
  });
  // Probe results wake the pod's worker; the loop is created just below.
  const probes = new ProbeManager({
    runtime, events, log: log.child({ component: 'prober' }), hostIP: () => hostIP, agentStartMs: startedAtMs, metrics,
    onChange: (uid) => loop.onProbeResult(uid),
  });
  const loop: SyncLoop = new SyncLoop({
    runtime, syncer, store, events, log: log.child({ component: 'sync-loop' }), now, nodeName: options.nodeName,
    hostIP: () => hostIP, rootDir, backOff, backOffPolicy, hashContainer, retryMs: SYNC_RETRY_MS, metrics,
    terminationMessages: new TerminationMessages(runtime, rootDir),
    admission: new PodAdmission(node, {
      allowPrivileged: options.allowPrivileged,
      ...(options.allowedHostPaths ? { allowedHostPaths: options.allowedHostPaths } : {}),
    }), probes, evictions,
  });
  const usageMonitor = new EmptyDirUsageMonitor({
    rootDir, log: log.child({ component: 'eviction-manager' }), intervalMs: EVICTION_MONITORING_MS, maxEntriesPerVolume: 100_000,
    pods: () => store.list().filter((r) => !isPodTerminal(r.status) && !r.pod.metadata.deletionTimestamp).map((r) => r.pod),
    onExceeded: (pod, message) => {
      evictions.record(pod.metadata.uid, message).then(
        () => loop.onEviction(pod.metadata.uid),
        (err: unknown) => log.warn({ podUid: pod.metadata.uid, err: { message: (err as Error).message } }, 'Failed to record pod eviction'),
      );
    },
  });
  const source = new ManifestSource({
    dir: path.resolve(options.manifestDir), nodeName: options.nodeName, rescanMs: options.resyncSeconds * 1000,
    log: log.child({ component: 'manifest-source' }), now, onChange: (snapshot) => loop.setDesired(snapshot.pods),
  });
  metrics.readFrom({ podStatuses: () => store.list().map((r) => r.status), manifestProblems: () => source.snapshot().problems });
  // The node's Ready condition follows the engine, as the periodic relist finds it.
  const runtimeHealth = new RuntimeHealth(now());
  const api = createAgentState({
    nodeName: options.nodeName,
    node: () => toApiNode({ node, hostIP, startedAtMs, engineVersion: version, agentVersion: AGENT_VERSION, kernelVersion: release(), osImage: osImage(), nowMs: now(), runtime: runtimeHealth.state }),
    store,
    events,
    manifestProblems: () => source.snapshot().problems,
  });
  const server = createApiServer({ api, runtime, log });
  const readOnly = options.readOnlyPort > 0
    ? createReadOnlyServer({ api, metrics, runtime, source, rescanMs: options.resyncSeconds * 1000, now, log })
    : undefined;

  // Pods that already run are admitted first (their place survives agent restarts); then the
  // desired state, so the first relist never removes a pod whose manifest is still there.
  await loop.observeLive();
  await source.start();
  const eventsDone = followRuntimeEvents({
    runtime, loop, log: log.child({ component: 'runtime-events' }), signal: shutdown.signal,
    health: { answered: () => runtimeHealth.answered(now()), failed: (reason) => runtimeHealth.failed(reason, now()) },
  });
  await loop.relist();
  usageMonitor.start();
  const relistTimer = setInterval(() => {
    loop.relist().then(
      () => runtimeHealth.answered(now()),
      (err: Error) => {
        runtimeHealth.failed(err.message, now());
        log.warn({ err }, 'Failed to relist containers');
      },
    );
  }, options.relistSeconds * 1000);
  const socketPath = options.socket ?? path.join(rootDir, 'minikubelet.sock');
  await server.listen(socketPath);
  await readOnly?.listen(options.readOnlyPort, options.readOnlyAddress);
  log.info({ socket: socketPath }, 'Agent is running');
  // The syncs the first scan and relist started are the first full sync.
  void loop.idle().then(() => systemd?.ready(`Synced ${store.list().length} pods; API on ${socketPath}`));

  await new Promise<void>((resolve) => shutdown.signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(relistTimer);
  usageMonitor.stop();
  stopWatchdog?.();
  source.stop();
  loop.stop();
  probes.stop();
  // Syncs under way finish (a container created is also started), so nothing is left half-made.
  const drained = await Promise.race([loop.idle().then(() => true), delay(SHUTDOWN_DRAIN_MS, undefined, { ref: false }).then(() => false)]);
  if (!drained) log.warn({ waitedMs: SHUTDOWN_DRAIN_MS }, 'Stopped waiting for pod syncs under way');
  await server.close();
  await readOnly?.close();
  await eventsDone;
  log.info('Stopped the agent');
}
