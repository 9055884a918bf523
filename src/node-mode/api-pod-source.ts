import type { ServiceAccountTokens } from './service-account-tokens.js';
import type { Logger } from 'pino';
import { podConfigReferences } from '../api/config-references.js';
import type { PodStatus } from '../api/pod-status-types.js';
import type { DesiredPod, TerminalPhase } from '../manifests/desired-pod.js';
import type { ApiConfigObjects } from './api-config-objects.js';
import { type ApiServerPod, CONFIG_MIRROR, decideApiPod } from './api-pod-object.js';
import type { KubeClient } from './kube-client.js';
import { ListWatch } from './list-watch.js';

export interface ApiPodSourceDeps {
  client: KubeClient;
  nodeName: string;
  config: ApiConfigObjects;
  /** The service account tokens of the pods' projected volumes, requested before their first sync. */
  tokens: Pick<ServiceAccountTokens, 'follow'>;
  /** The pods to run from the API, after each change (merged with the directory's by the caller), and the grace periods of those being deleted. */
  onPods: (pods: DesiredPod[], removalGrace: Map<string, number>) => void;
  /** A pod whose spec cannot run here: its status goes Failed with this message. */
  onUnsupported: (pod: ApiServerPod, message: string) => void;
  log: Logger;
}

/** Terminal in the API: the kubelet does not run such a pod again (`filterOutTerminatedPods`), and keeps its containers until it is deleted. */
function terminalPhase(pod: ApiServerPod): TerminalPhase | undefined {
  const status = pod.status;
  const { phase, reason, message } = status ?? {};
  if (!status || (phase !== 'Succeeded' && phase !== 'Failed')) return undefined;
  return { phase, ...(reason ? { reason } : {}), ...(message ? { message } : {}), status: status as PodStatus };
}

/**
 * The API server as a pod source (k8s `pkg/kubelet/config/apiserver.go`): list + watch of the pods
 * bound to this node, each change turned into the full set of pods to run. A pod with a
 * `deletionTimestamp` is left out of it, so the sync loop kills it; a terminal one stays in it,
 * marked (`terminal`): never run again, its containers kept until its deletion; mirror pods are
 * the node's own copies of static pods, never run.
 */
export class ApiPodSource {
  private readonly watch: ListWatch<ApiServerPod>;
  private current: ReadonlyMap<string, ApiServerPod> = new Map();
  private readonly refused = new Set<string>();
  /** The last decision per UID and what it was made from: a status-only change (most events, our own patches included) reuses it, so the sync loop sees the same pod object and does not sync it again. */
  private readonly decided = new Map<string, { from: string; decision: ReturnType<typeof decideApiPod> }>();
  private pending: Promise<void> = Promise.resolve();
  /** The desired objects of terminal pods, by UID (`finished`). */
  private readonly terminal = new Map<string, DesiredPod>();

  constructor(private readonly deps: ApiPodSourceDeps) {
    this.watch = new ListWatch<ApiServerPod>({
      client: deps.client, path: '/api/v1/pods', query: { fieldSelector: `spec.nodeName=${deps.nodeName}` }, log: deps.log,
      onSnapshot: (items) => {
        this.current = new Map(items);
        // One snapshot at a time, in order: each waits for the objects its pods name.
        this.pending = this.pending.then(() => this.apply(new Map(items)));
      },
    });
  }

  start(): void {
    this.watch.start();
  }

  /** Resolves once the first list was applied: the API's pods are in the desired set. */
  async synced(): Promise<void> {
    await this.watch.hasSynced();
    await this.pending;
  }

  /** The API's copy of a pod (its status as the API has it), by UID. */
  get(uid: string): ApiServerPod | undefined {
    return this.current.get(uid);
  }

  pods(): ApiServerPod[] {
    return [...this.current.values()];
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }

  private async apply(items: ReadonlyMap<string, ApiServerPod>): Promise<void> {
    const desired: DesiredPod[] = [];
    const removalGrace = new Map<string, number>();
    for (const object of items.values()) {
      const annotations = object.metadata.annotations ?? {};
      const grace = object.metadata.deletionGracePeriodSeconds;
      if (object.metadata.deletionTimestamp && grace !== undefined) removalGrace.set(object.metadata.uid, grace);
      if (annotations[CONFIG_MIRROR] !== undefined || object.metadata.deletionTimestamp) continue;
      const decision = this.decide(object);
      const terminal = terminalPhase(object);
      if (terminal) {
        // Refused ones (Failed by us) have no containers to keep.
        if (decision.kind === 'run') desired.push(this.finished(object.metadata.uid, decision.desired, terminal));
        continue;
      }
      if (decision.kind === 'unsupported') {
        if (!this.refused.has(object.metadata.uid)) {
          this.refused.add(object.metadata.uid);
          this.deps.log.warn({ pod: `${object.metadata.namespace}/${object.metadata.name}`, podUid: object.metadata.uid, message: decision.message }, 'Refused an API pod');
          this.deps.onUnsupported(object, decision.message);
        }
        continue;
      }
      desired.push(decision.desired);
    }
    for (const uid of this.decided.keys()) if (!items.has(uid)) this.decided.delete(uid);
    const finished = new Set(desired.filter((d) => d.terminal).map((d) => d.pod.metadata.uid));
    for (const uid of this.terminal.keys()) if (!finished.has(uid)) this.terminal.delete(uid);
    const running = desired.filter((d) => !d.terminal);
    const keys = new Set(running.flatMap((d) => [...podConfigReferences(d.pod)]));
    await Promise.all([this.deps.config.follow(keys), this.deps.tokens.follow(running.map((d) => d.pod))]);
    this.deps.onPods(desired, removalGrace);
  }

  /** The same object for the same terminal phase: the sync loop syncs a pod again only when its desired object changes. */
  private finished(uid: string, desired: DesiredPod, terminal: TerminalPhase): DesiredPod {
    const last = this.terminal.get(uid);
    const same = (a: TerminalPhase, b: TerminalPhase) => a.phase === b.phase && a.reason === b.reason && a.message === b.message;
    if (last?.terminal && last.pod === desired.pod && same(last.terminal, terminal)) return last;
    const marked = { ...desired, terminal };
    this.terminal.set(uid, marked);
    return marked;
  }

  private decide(object: ApiServerPod): ReturnType<typeof decideApiPod> {
    const { metadata } = object;
    const from = JSON.stringify([metadata.labels, metadata.annotations, metadata.creationTimestamp, object.spec]);
    const last = this.decided.get(metadata.uid);
    if (last?.from === from) return last.decision;
    const decision = decideApiPod(object, this.deps.nodeName);
    this.decided.set(metadata.uid, { from, decision });
    return decision;
  }
}
