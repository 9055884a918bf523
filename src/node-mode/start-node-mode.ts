import { ServiceAccountTokens } from './service-account-tokens.js';
import { readFile, statfs } from 'node:fs/promises';
import type { KubeletAuthWebhooks } from '../server/kubelet/kubelet-auth.js';
import { createKubeletAuthWebhooks } from './kubelet-auth-webhooks.js';
import type { Logger } from 'pino';
import type { DesiredPod } from '../manifests/desired-pod.js';
import type { ApiNode } from '../node/api-node.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { EventRecorder } from '../status/event-recorder.js';
import type { StatusStore } from '../status/status-store.js';
import type { ProjectionSources } from '../volumes/projected-volume.js';
import type { SyncLoop } from '../workers/sync-loop.js';
import { ApiConfigObjects } from './api-config-objects.js';
import { ApiEvents, type InvolvedObject } from './api-events.js';
import { CONFIG_MIRROR } from './api-pod-object.js';
import { ApiPodSource } from './api-pod-source.js';
import { KubeClient } from './kube-client.js';
import { loadKubeconfig } from './kubeconfig.js';
import { makeNodeObject } from './make-node-object.js';
import { MirrorPods } from './mirror-pods.js';
import { startNodeHeartbeat } from './node-heartbeat.js';
import { LEASE_DURATION_SECONDS, NodeLease } from './node-lease.js';
import { NodeRegistration } from './node-registration.js';
import { type Taint, parseTaints } from './node-taints.js';
import { PodStatusManager, STATUS_RESYNC_MS } from './pod-status-manager.js';

export interface NodeModeOptions {
  kubeconfig: string;
  nodeName: string;
  /** `--node-ip`; the detected host IP otherwise. */
  nodeIp?: string;
  registerWithTaints: string[];
  /** The kubelet port the Node advertises (`--port`). */
  kubeletPort: number;
  nodeStatusUpdateFrequency: number;
  nodeStatusReportFrequency: number;
  rootDir: string;
}

/** What `prepareNodeMode` checked and read: the client and the taints. */
export interface NodeModeAccess {
  options: NodeModeOptions;
  client: KubeClient;
  taints: Taint[];
}

/**
 * The part of `--kubeconfig` that can be wrong: the kubeconfig and `--register-with-taints`,
 * read and checked before anything else starts, so a mistake stops the agent at once with what to fix.
 */
export async function prepareNodeMode(options: NodeModeOptions): Promise<NodeModeAccess> {
  const { taints, errors } = parseTaints(options.registerWithTaints);
  if (errors.length > 0) throw new Error(errors.join('; '));
  return { options, taints, client: new KubeClient(await loadKubeconfig(options.kubeconfig), `minikubelet/${options.nodeName}`) };
}

export interface NodeModeDeps {
  access: NodeModeAccess;
  /** The node as `describe node` shows it now. */
  localNode: () => ApiNode;
  hostIP: string;
  images: () => Promise<readonly { repoTags: readonly string[]; id: string; sizeBytes: number }[]>;
  loop: Pick<SyncLoop, 'setDesired' | 'holdRemovals' | 'configChanged' | 'resync'>;
  store: StatusStore;
  events: EventRecorder;
  runtime: ContainerRuntime;
  projections: ProjectionSources;
  log: Logger;
  now: () => number;
}

export interface NodeMode {
  /** The manifest directory's pods: run beside the API's, in one desired set. */
  setFilePods(pods: readonly DesiredPod[]): void;
  /** TokenReview and SubjectAccessReview through the API server, for the kubelet port's webhooks. */
  kubeletAuth: KubeletAuthWebhooks;
  stop(): Promise<void>;
}

async function readId(file: string): Promise<string> {
  return (await readFile(file, 'utf8').catch(() => '')).trim();
}

/**
 * `run --kubeconfig`: the node joins the API server (registration, status, Lease), runs the pods
 * bound to it beside the directory's, and reports their status. Bad flags or kubeconfig throw
 * before anything starts; everything after that retries and never stops the agent.
 */
export async function startNodeMode(deps: NodeModeDeps): Promise<NodeMode> {
  const { log } = deps;
  const { options, client, taints } = deps.access;
  const [machineID, bootID] = await Promise.all([readId('/etc/machine-id'), readId('/proc/sys/kernel/random/boot_id')]);
  const registration = new NodeRegistration(client, log.child({ component: 'node-status' }));
  const nodeObject = async () => {
    const fs = await statfs(options.rootDir).catch(() => undefined);
    return makeNodeObject({
      local: deps.localNode(), nodeIP: options.nodeIp ?? deps.hostIP, taints, kubeletPort: options.kubeletPort, machineID, bootID,
      images: await deps.images().catch(() => []), ephemeralStorageBytes: fs ? fs.blocks * fs.bsize : 0, startedAtMs: deps.now(),
    });
  };
  const config = new ApiConfigObjects({ client, log: log.child({ component: 'api-config' }), onChanged: (keys) => deps.loop.configChanged(keys) });
  const tokens = new ServiceAccountTokens({ client, log: log.child({ component: 'service-account-tokens' }), now: deps.now, onRefreshed: (uid) => deps.loop.resync(uid) });
  deps.projections.apiConfig = {
    configMap: (namespace, name) => config.configMap(namespace, name),
    secret: (namespace, name) => config.secret(namespace, name),
    serviceAccountToken: tokens.lookup,
  };
  let filePods: readonly DesiredPod[] = [];
  let apiPods: readonly DesiredPod[] = [];
  let removalGrace = new Map<string, number>();
  const push = () => deps.loop.setDesired([...filePods, ...apiPods], removalGrace);
  const mirrors = new MirrorPods({
    client, nodeName: options.nodeName, node: () => registration.node(), apiPods: () => source.pods(), store: deps.store, events: deps.events, log: log.child({ component: 'mirror-pods' }),
  });
  const source = new ApiPodSource({
    client, nodeName: options.nodeName, config, tokens, log: log.child({ component: 'api-pods' }),
    onPods: (pods, grace) => {
      apiPods = pods;
      removalGrace = grace;
      push();
      status.poke();
      mirrors.poke();
    },
    onUnsupported: (pod, message) => void status.fail(pod, 'UnsupportedPodSpec', message),
  });
  // The callbacks above only run after start(), below.
  const status = new PodStatusManager({ client, store: deps.store, source, runtime: deps.runtime, log: log.child({ component: 'status-manager' }), now: deps.now });
  // Where each local pod's events go: an API pod's to itself, a static pod's to its mirror.
  const involved = (): Map<string, InvolvedObject> => {
    const objects = new Map<string, InvolvedObject>();
    for (const p of source.pods()) if (p.metadata.annotations?.[CONFIG_MIRROR] === undefined) objects.set(p.metadata.uid, { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid });
    for (const [uid, m] of mirrors.current()) objects.set(uid, { kind: 'Pod', namespace: m.metadata.namespace, name: m.metadata.name, uid: m.metadata.uid });
    return objects;
  };
  const events = new ApiEvents({ client, nodeName: options.nodeName, events: deps.events, objects: involved, log: log.child({ component: 'events' }), now: deps.now });
  const heartbeat = startNodeHeartbeat({
    registration, lease: new NodeLease(client, options.nodeName, () => registration.node(), log.child({ component: 'node-lease' })), node: nodeObject,
    updateEveryMs: options.nodeStatusUpdateFrequency, reportEveryMs: options.nodeStatusReportFrequency, leaseEveryMs: (LEASE_DURATION_SECONDS * 1000) / 4,
    onEvent: (type, reason, message) => events.recordNode(type, reason, message),
    log: log.child({ component: 'node-status' }), now: deps.now,
  });
  // Pods already running for the API are not killed before the API's pods are known.
  deps.loop.holdRemovals(source.synced());
  source.start();
  const unsubscribeEvents = deps.events.onChange(() => events.poke());
  const unsubscribe = deps.store.onChange(() => {
    status.poke();
    mirrors.poke();
  });
  const resync = setInterval(() => {
    status.poke();
    mirrors.poke();
  }, STATUS_RESYNC_MS);
  log.info({ kubeconfig: options.kubeconfig, nodeName: options.nodeName }, 'Joining the cluster');
  return {
    kubeletAuth: createKubeletAuthWebhooks(client, deps.now),
    setFilePods(pods) {
      filePods = pods;
      push();
      mirrors.setFilePods(pods);
    },
    async stop() {
      clearInterval(resync);
      unsubscribe();
      unsubscribeEvents();
      heartbeat.stop();
      await Promise.all([source.stop(), config.stop(), status.idle(), mirrors.idle(), events.idle()]);
      client.close();
    },
  };
}
