import { statfs } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigStore } from '../manifests/config-store.js';
import { DeletionGrace } from '../workers/deletion-grace.js';
import { PodAdmission } from '../admission/pod-admission.js';
import { CgroupUsageReader } from '../cgroups/cgroup-usage-reader.js';
import { PodCgroups } from '../cgroups/pod-cgroups.js';
import type { AgentOptions } from '../config/agent-options.js';
import { SANDBOX_OOM_SCORE_ADJ } from '../executor/make-sandbox-spec.js';
import { PodHostSetup } from '../executor/pod-host-setup.js';
import { PodSyncer } from '../executor/pod-syncer.js';
import { TerminationMessages } from '../executor/termination-messages.js';
import { ImageCredentialsFile } from '../images/image-credentials-file.js';
import type { Metrics } from '../metrics/metrics.js';
import type { NodeInfo } from '../node/node-info.js';
import { ProbeManager } from '../probes/probe-manager.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { EngineFacts } from '../runtime/docker/prepare-engine.js';
import { BackOffStore } from '../shared/backoff-store.js';
import { EventRecorder } from '../status/event-recorder.js';
import { StatusStore } from '../status/status-store.js';
import { servicePodOf } from '../services/build-services-view.js';
import { SERVICE_ADDRESS_RECORD_FILE, ServiceAddressRecord } from '../services/service-address-record.js';
import { ServiceRegistry } from '../services/service-registry.js';
import { PodEvictions } from '../volumes/pod-evictions.js';
import type { ProjectionSources } from '../volumes/projected-volume.js';
import { PodStatusPublisher } from '../workers/pod-status-publisher.js';
import { OomKillWatch } from '../workers/oom-kill-watch.js';
import { PodSync } from '../workers/pod-sync.js';
import { ADOPTED_UIDS_FILE } from '../workers/adopted-uid-record.js';
import { SyncLoop } from '../workers/sync-loop.js';

export interface PodPipeline {
  loop: SyncLoop;
  /** The directory's ConfigMaps and Secrets, as env and volumes read them. */
  config: ConfigStore;
  /** What volumes and env read (node mode adds the API server's objects for API pods). */
  projections: ProjectionSources;
  probes: ProbeManager;
  store: StatusStore;
  events: EventRecorder;
  evictions: PodEvictions;
  /** The Services of the directory, their addresses and endpoints: the `ServiceViewSource` of the data path. */
  services: ServiceRegistry;
  /** The executor, for `play`'s immediate teardown (a second Ctrl-C removes what is left without the loop). */
  syncer: PodSyncer;
  /** Grace periods deletes through the API asked for (`kubectl delete --grace-period`). */
  deletionGrace: DeletionGrace;
  /** The pods' CPU and memory from their cgroups, for `/metrics` and `describe node`; absent without a cgroup layout. */
  usage: CgroupUsageReader | undefined;
}

/** Wires the pod pipeline (sync loop → plan → syncer → status), as `docs/architecture.md` draws it. */
export async function wirePods(
  options: AgentOptions,
  env: {
    runtime: ContainerRuntime; engine: EngineFacts; node: NodeInfo; hostIP: string; metrics: Metrics; log: Logger;
    /** The cluster DNS's address once the Service network runs (undefined: it could not be set up, and ClusterFirst falls back to Default); read when a sandbox is made. */
    clusterDns: () => string | undefined;
  },
): Promise<PodPipeline> {
  const { runtime, engine, node, hostIP, metrics, log } = env;
  const now = Date.now;
  const rootDir = options.rootDir;
  const config = new ConfigStore(now);
  const allocatable = { cpuMillis: node.allocatable.cpuMillis, memoryBytes: node.allocatable.memoryBytes, ephemeralStorageBytes: await diskBytes(rootDir) };
  const projections: ProjectionSources = { config, allocatable };
  const cgroups = engine.cgroupLayout ? new PodCgroups({ layout: engine.cgroupLayout, podPidsLimit: options.podMaxPids, log: log.child({ component: 'cgroups' }) }) : undefined;
  await cgroups?.checkHost();
  const host = new PodHostSetup({
    projections,
    rootDir,
    resolvConfPath: options.resolvConf,
    clusterDns: { get clusterDns() { return env.clusterDns(); }, clusterDomain: options.clusterDomain },
    ...(options.allowedHostPaths ? { allowedHostPaths: options.allowedHostPaths } : {}),
    node: {
      memoryCapacityBytes: node.capacity.memoryBytes, memoryAllocatableBytes: node.allocatable.memoryBytes, canLowerOomScore: engine.canLowerOomScore,
      ...(options.podMaxPids ? { podPidsLimit: options.podMaxPids } : {}),
    },
    ...(cgroups ? { cgroups } : {}),
  });
  const credentials = options.imageCredentials ? new ImageCredentialsFile(options.imageCredentials, log.child({ component: 'images' })) : undefined;
  const events = new EventRecorder(now);
  const store = new StatusStore();
  // The Services follow the pods' IPs and readiness as the status store has them.
  const services = new ServiceRegistry({
    range: options.serviceClusterIpRange, nodePortRange: options.serviceNodePortRange, ...(options.clusterDns !== undefined ? { clusterDns: options.clusterDns } : {}),
    record: new ServiceAddressRecord(path.join(rootDir, SERVICE_ADDRESS_RECORD_FILE), log.child({ component: 'services' })),
    pods: () => store.list().map((r) => servicePodOf(r.pod, r.status)), now, log: log.child({ component: 'services' }),
  });
  store.onChange(() => services.podsChanged());
  // One back-off store for crash loops, image pulls and sandbox creation (the kubelet's numbers, or the flags').
  const backOff = new BackOffStore({ initialMs: options.backOffInitialSeconds * 1000, maxMs: options.backOffMaxSeconds * 1000 }, now);
  const evictions = new PodEvictions(rootDir);
  await evictions.load();
  const syncer = new PodSyncer({
    runtime, events, log: log.child({ component: 'pod-syncer' }), backOff, host,
    node: {
      nodeName: options.nodeName, rootDir, pauseImage: options.pauseImage, clusterDomain: options.clusterDomain, runtimeHandlers: options.runtimeClasses,
      sandboxOomScoreAdj: engine.canLowerOomScore ? SANDBOX_OOM_SCORE_ADJ : undefined,
      hostIP: () => hostIP, credentials: (image) => credentials?.lookup(image), services: () => services.current(),
    },
  });
  // Probe results wake the pod's worker; the loop is created just below.
  const probes = new ProbeManager({
    runtime, events, log: log.child({ component: 'prober' }), hostIP: () => hostIP, timing: { agentStartMs: now() }, metrics,
    onChange: (uid) => loop.onProbeResult(uid),
  });
  const status = new PodStatusPublisher({
    store, events, terminationMessages: new TerminationMessages(runtime, rootDir), probes, metrics, clock: { now, hostIP: () => hostIP },
  });
  const admission = new PodAdmission(node, {
    podSecurity: options.podSecurity,
    allowPrivileged: options.allowPrivileged,
    ...(options.allowedHostPaths ? { allowedHostPaths: options.allowedHostPaths } : {}),
  });
  const deletionGrace = new DeletionGrace(now);
  // OOM kills read from the containers' cgroups (memory.events on v2, where Docker may not tell).
  const usage = engine.cgroupLayout ? new CgroupUsageReader(engine.cgroupLayout) : undefined;
  const oomKills = new OomKillWatch({
    ...(usage ? { counters: usage } : {}), cgroupVersion: engine.cgroupLayout?.version ?? 1, agentStartMs: now(), record: (uid, event) => events.record(uid, event),
  });
  const podSync = new PodSync({
    runtime, syncer, status, inputs: { backOff, admission, probes, evictions, deletionGrace }, log: log.child({ component: 'sync-loop' }), now, oomKills,
  });
  const loop: SyncLoop = new SyncLoop({ runtime, podSync, admission, rootDir, adoptedUidsFile: path.join(rootDir, ADOPTED_UIDS_FILE), log: log.child({ component: 'sync-loop' }), metrics, now });
  return { loop, config, projections, probes, store, events, evictions, services, syncer, deletionGrace, usage };
}

/** The root dir's filesystem size: the node's ephemeral-storage, for `resourceFieldRef` without a limit. */
async function diskBytes(rootDir: string): Promise<number> {
  const stats = await statfs(rootDir).catch(() => undefined);
  return stats ? stats.blocks * stats.bsize : 0;
}
