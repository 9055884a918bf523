import { release } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AgentOptions } from '../config/agent-options.js';
import { ManifestSource } from '../manifests/manifest-source.js';
import { OWNER_RECORD_FILE } from '../manifests/owner-record.js';
import { toApiConfigObject } from '../api/api-config-object.js';
import { toApiEndpoints, toApiService } from '../services/api-service.js';
import { Metrics } from '../metrics/metrics.js';
import { toApiNode } from '../node/api-node.js';
import { AGENT_VERSION, osImage } from '../node/host-facts.js';
import { nodeInfoFromHost } from '../node/node-info-from-host.js';
import { DiskPressureState } from '../node/disk-pressure-state.js';
import { readFilesystemStats } from '../node/filesystem-stats.js';
import { RuntimeHealth } from '../node/runtime-health.js';
import { FileViewSource } from '../services/file-view-source.js';
import type { ServiceViewSource } from '../services/service-view.js';
import { ServiceRangeRefused, startServiceNetwork } from '../services/start-service-network.js';
import { createDockerClient } from '../runtime/docker/docker-client.js';
import { DockerRuntime } from '../runtime/docker/docker-runtime.js';
import { prepareEngine } from '../runtime/docker/prepare-engine.js';
import { ENGINE_RECONNECT_BACKOFF, waitForEngine } from '../runtime/wait-for-engine.js';
import { createAgentState } from '../server/agent-state.js';
import { createApiHandlers, createApiServer } from '../server/api-server.js';
import { createKubeApi } from '../server/kube/kube-api.js';
import { startHttpsApi } from '../server/start-https-api.js';
import { createReadOnlyServer } from '../server/read-only-server.js';
import { BackOffStore } from '../shared/backoff-store.js';
import { detectHostIP } from '../shared/host-ip.js';
import { createLogger } from '../shared/logger.js';
import { ensureAgentDir } from '../volumes/ensure-pod-dir.js';
import { createEvictionMonitor } from '../workers/evict-over-limit.js';
import { createDiskPressureMonitor } from '../workers/evict-under-disk-pressure.js';
import { followRuntimeEvents } from '../workers/follow-runtime-events.js';
import { ImageGarbageCollector } from '../workers/image-gc.js';
import { LogCap } from '../workers/log-cap.js';
import { startRelistTimer } from '../workers/relist-timer.js';
import { startKubeletPort } from './kubelet-port.js';
import { prepareNodeMode, startNodeMode } from '../node-mode/start-node-mode.js';
import { createSystemdNotifier } from './systemd-notify.js';
import { wirePods } from './wire-pods.js';
import { OrphanedPodCgroups } from '../cgroups/orphaned-pod-cgroups.js';
import { listEnginePodUids } from '../runtime/docker/engine-pod-uids.js';

/**
 * Where the Services' view comes from: the data path's e2e tests give a JSON file; otherwise no
 * Services yet (the Service documents' source replaces this when it lands).
 */
/**
 * What the Service network serves: the registry of the directory's Services, or, for the data
 * path's own e2e tests, views read from the file `MINIKUBELET_TEST_SERVICES_VIEW` names.
 */
function serviceViewSource(registry: ServiceViewSource, log: Logger): ServiceViewSource {
  const file = process.env.MINIKUBELET_TEST_SERVICES_VIEW;
  return file ? new FileViewSource(file, log.child({ component: 'services-view' })) : registry;
}

/** How long SIGTERM waits for syncs under way (a container stop may take its grace period). */
const SHUTDOWN_DRAIN_MS = 30_000;

/**
 * The composition root: wires the components, owns start and shutdown order, holds no logic.
 * SIGTERM/SIGINT stop the agent and leave the pods running (as the kubelet does); the next start
 * adopts them from their Docker labels.
 */
export async function runAgent(options: AgentOptions): Promise<void> {
  const log = createLogger(options.logLevel);
  // `--kubeconfig`: read and checked first, so a mistake stops the agent before anything starts.
  const joining = options.kubeconfig ? await prepareNodeMode({ ...options, kubeconfig: options.kubeconfig, rootDir: path.resolve(options.rootDir) }) : undefined;
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
  await ensureAgentDir(rootDir);
  const docker = await createDockerClient();
  const runtime = new DockerRuntime({
    docker, nodeName: options.nodeName, maxConcurrentCalls: options.maxConcurrentDockerCalls, metrics, requestTimeoutMs: options.runtimeRequestTimeoutSeconds * 1000,
    logRotation: { maxSizeBytes: options.containerLogMaxSize, maxFiles: options.containerLogMaxFiles },
  });
  const runtimeLog = log.child({ component: 'runtime' });
  const version = await waitForEngine(runtime, new BackOffStore(ENGINE_RECONNECT_BACKOFF, now), runtimeLog, shutdown.signal).catch(() => undefined);
  if (!version) return;
  log.info({ engineVersion: version, nodeName: options.nodeName, manifestDir: options.manifestDir, rootDir }, 'Connected to the Docker engine');
  const engine = await prepareEngine(docker, options, log);
  const hostIP = detectHostIP();
  const { loop, config, projections, probes, store, events, evictions, services, deletionGrace, usage } = await wirePods({ ...options, rootDir }, {
    runtime, engine, node, hostIP, metrics, log, clusterDns: () => clusterDns,
  });
  // Before any pod starts (the first scan is below): ClusterFirst pods' nameserver is this network's DNS.
  const serviceLog = log.child({ component: 'service-network' });
  const network = await startServiceNetwork({ options, source: serviceViewSource(services, log), podNetwork: engine.podNetwork, log: serviceLog }).catch((err: Error) => {
    // A range that collides is the operator's to fix: refuse to start. Anything else (no
    // CAP_NET_ADMIN, no `ip`) leaves pods running without Services, said at start and in the node's status.
    if (err instanceof ServiceRangeRefused) throw err;
    serviceLog.error({ err }, 'Failed to start the Service network: no cluster DNS nor ClusterIPs; ClusterFirst pods use the node\'s DNS');
    return { problem: `the Service network could not be set up: ${err.message}` };
  });
  const clusterDns = 'problem' in network ? undefined : network.clusterDns;
  const serviceNetwork = { sinceMs: now(), ...('problem' in network ? { problem: network.problem } : network.proxy.error ? { problem: `iptables is unavailable, Services go through the agent's userspace proxy, in the data path: ${network.proxy.error}` } : {}) };
  const housekeeping = runtime.diskHousekeeping(options.containerLogMaxFiles);
  const imageGc = options.imageGcHighThreshold < 100
    ? new ImageGarbageCollector({
      images: housekeeping.images, imagefs: () => readFilesystemStats(engine.dockerRootDir ?? rootDir), pauseImage: options.pauseImage, log: log.child({ component: 'image-gc' }), now,
      policy: { highThresholdPercent: options.imageGcHighThreshold, lowThresholdPercent: options.imageGcLowThreshold, minAgeMs: options.imageMinimumGcAge, repositories: options.imageGcRepositories ?? [] },
    })
    : undefined;
  const diskPressure = new DiskPressureState(now(), options.evictionPressureTransitionPeriod);
  const diskMonitor = createDiskPressureMonitor({
    rootDir, imageRoot: engine.dockerRootDir, thresholds: options.evictionHard, state: diskPressure, runtime,
    containerUsage: housekeeping.containerUsage, ...(imageGc ? { reclaimImages: () => imageGc.reclaim() } : {}), store, evictions,
    onEvicted: (uid) => loop.onEviction(uid), log: log.child({ component: 'eviction-manager' }), now,
  });
  const logCap = new LogCap({
    files: housekeeping.logFiles, log: log.child({ component: 'log-cap' }),
    // Anything not exited may be written to (one listed `created` may run by now): its live file is never deleted.
    containers: () => loop.listedContainers()?.map((c) => ({ id: c.id, running: c.state !== 'exited' })),
    capBytes: options.containerLogMaxTotalSize ?? options.containerLogMaxSize * options.containerLogMaxFiles * options.maxPods,
  });
  const usageMonitor = createEvictionMonitor({ rootDir, store, evictions, onEvicted: (uid) => loop.onEviction(uid), log: log.child({ component: 'eviction-manager' }) });
  const source = new ManifestSource({
    dir: path.resolve(options.manifestDir), nodeName: options.nodeName, rescanMs: options.resyncSeconds * 1000,
    log: log.child({ component: 'manifest-source' }), now, ownersFile: path.join(rootDir, OWNER_RECORD_FILE),
    onChange: (snapshot) => {
      // The objects and Services first: the pods synced next read them (env).
      const changedObjects = config.replace(snapshot.objects);
      services.setObjects(snapshot.services);
      if (nodeMode) nodeMode.setFilePods(snapshot.pods);
      else loop.setDesired(snapshot.pods);
      loop.configChanged(changedObjects);
      kube.changed();
    },
  });
  const nodeUsage = usage && (() => usage.node(store.list().map((r) => r.pod), now()));
  metrics.readFrom({
    podStatuses: () => store.list().map((r) => r.status), manifestProblems: () => [...source.snapshot().problems, ...services.problems()], ...(nodeUsage ? { usage: nodeUsage } : {}),
  });
  // The node's Ready condition follows the engine, as the events stream and the relist find it.
  const runtimeHealth = new RuntimeHealth(now());
  const health = { answered: () => runtimeHealth.answered(now()), failed: (reason: string) => runtimeHealth.failed(reason, now()) };
  const api = createAgentState({
    nodeName: options.nodeName,
    node: () => toApiNode({ node, hostIP, startedAtMs, engineVersion: version, agentVersion: AGENT_VERSION, kernelVersion: release(), osImage: osImage(), nowMs: now(), runtime: runtimeHealth.state, serviceNetwork, ...(diskMonitor ? { diskPressure: diskPressure.view } : {}) }),
    store, events, manifestProblems: () => [...source.snapshot().problems, ...services.problems()], ...(nodeUsage ? { nodeUsage } : {}),
    configObjects: (resource) => config.list(resource === 'configmaps' ? 'ConfigMap' : 'Secret').map((s) => toApiConfigObject(s.object, s.createdMs)),
    serviceObjects: (resource) => services.list().map((s) => (resource === 'services' ? toApiService(s) : toApiEndpoints(s, options.nodeName))),
    desiredPod: (uid) => source.snapshot().pods.find((d) => d.pod.metadata.uid === uid)?.pod,
  });
  // One Kubernetes API (watch hub included) behind both servers: the socket and HTTPS for kubectl.
  const kube = createKubeApi({
    api, versionsFile: path.join(rootDir, 'resource-version'), startedAtMs, now, log: log.child({ component: 'kube-api' }),
    // Writes through the API become manifest files; the source reads them back at once.
    writes: {
      dir: path.resolve(options.manifestDir), nodeName: options.nodeName, rescan: (removedFile) => {
        if (removedFile !== undefined) source.removedOnPurpose(removedFile);
        return source.scan();
      },
      deletionGrace: (uid, seconds) => deletionGrace.set(uid, seconds),
    },
  });
  store.onChange(() => kube.changed());
  events.onChange(() => kube.changed());
  // `--kubeconfig`: the node joins the cluster; its pods join the directory's in one desired set (before the first scan).
  const nodeMode = joining
    ? await startNodeMode({
      access: joining, localNode: () => api.getNode(), hostIP, images: () => housekeeping.images.list(),
      loop, store, events, runtime, projections, log: log.child({ component: 'node-mode' }), now,
    })
    : undefined;
  const server = createApiServer({ api, runtime, log, kube });
  const readOnly = options.readOnlyPort > 0
    ? createReadOnlyServer({ api, metrics, runtime, source, rescanMs: options.resyncSeconds * 1000, now, log })
    : undefined;

  // Pods that already run are admitted first (their place survives agent restarts); then the
  // desired state, so the first relist never removes a pod whose manifest is still there.
  await loop.observeLive();
  await services.start();
  await source.start();
  const eventsDone = followRuntimeEvents({
    runtime, loop, backOff: new BackOffStore(ENGINE_RECONNECT_BACKOFF, now), log: log.child({ component: 'runtime-events' }), signal: shutdown.signal, health,
  });
  await loop.relist();
  usageMonitor.start();
  diskMonitor?.start();
  logCap.start();
  const orphanedCgroups = engine.cgroupLayout && new OrphanedPodCgroups({
    layout: engine.cgroupLayout, log: log.child({ component: 'cgroups' }),
    liveUids: async () => new Set([...(await listEnginePodUids(docker)), ...store.list().map((r) => r.pod.metadata.uid)]),
  });
  orphanedCgroups?.start();
  const stopRelist = startRelistTimer(() => loop.relist(), health, options.relistSeconds * 1000, log);
  const socketPath = options.socket ?? path.join(rootDir, 'minikubelet.sock');
  // HTTPS first: once the socket answers (what scripts and tests wait for), the kubeconfig is written.
  const https = await startHttpsApi({ rootDir, nodeName: options.nodeName, apiPort: options.apiPort, apiBindAddress: options.apiBindAddress, hostIP }, createApiHandlers({ api, runtime, log, kube }), log, now());
  const kubeletPort = await startKubeletPort(options, { api, runtime, log, hostIP, rootDir, source, metrics, now, containerUsage: runtime.containerUsage(), imageRoot: engine.dockerRootDir, ...(nodeMode ? { auth: nodeMode.kubeletAuth } : {}) });
  await server.listen(socketPath);
  await readOnly?.listen(options.readOnlyPort, options.readOnlyAddress);
  log.info({ socket: socketPath }, 'Agent is running');
  // The syncs the first scan and relist started are the first full sync.
  void loop.idle().then(() => {
    void systemd?.ready(`Synced ${store.list().length} pods; API on ${socketPath}`);
    // After the first sync: the images of the pods it starts are in use by then.
    if (!shutdown.signal.aborted) imageGc?.start();
  });

  await new Promise<void>((resolve) => shutdown.signal.addEventListener('abort', () => resolve(), { once: true }));
  stopRelist();
  usageMonitor.stop();
  diskMonitor?.stop();
  imageGc?.stop();
  logCap.stop();
  orphanedCgroups?.stop();
  stopWatchdog?.();
  source.stop();
  loop.stop();
  probes.stop();
  // Syncs under way finish (a container created is also started), so nothing is left half-made.
  const drained = await Promise.race([loop.idle().then(() => true), delay(SHUTDOWN_DRAIN_MS, undefined, { ref: false }).then(() => false)]);
  if (!drained) log.warn({ waitedMs: SHUTDOWN_DRAIN_MS }, 'Stopped waiting for pod syncs under way');
  await nodeMode?.stop();
  kube.close();
  await https.server.close();
  await kubeletPort?.close();
  await server.close();
  await readOnly?.close();
  // The addresses and rules stay: connections to ClusterIPs survive until the next agent syncs them.
  if (!('problem' in network)) await network.stop();
  await eventsDone;
  await services.flushed();
  log.info('Stopped the agent');
}
