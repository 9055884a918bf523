/**
 * Projected `serviceAccountToken` volumes of API pods: tokens bound to the pod, requested from the
 * API server's TokenRequest (`POST …/serviceaccounts/<name>/token`, what the Node authorizer lets a
 * node ask for the pods bound to it), kept per pod, service account, audience and lifetime, and
 * refreshed as the kubelet's token manager does (`pkg/kubelet/token/token_manager.go`): when 80 %
 * of the lifetime has passed, or after 24 hours. A refreshed token is written at the pod's next sync,
 * which the refresh asks for.
 */
import type { Logger } from 'pino';
import type { TokenPod } from '../api/config-object-types.js';
import type { Pod } from '../api/pod-types.js';
import type { ServiceAccountTokenProjection } from '../api/projection-types.js';
import type { KubeClient } from './kube-client.js';

/** How long a new pod's first sync waits for its tokens. */
const FIRST_REQUEST_WAIT_MS = 5_000;
/** kubelet `maxTTL`: a token older than this is refreshed whatever its lifetime. */
const MAX_TTL_MS = 24 * 3600_000;

export interface IssuedToken {
  token: string;
  expiresMs: number;
  /** The lifetime the API server granted (`spec.expirationSeconds` of its answer). */
  lifetimeSeconds: number;
}

interface TokenRequestReply {
  spec?: { expirationSeconds?: number };
  status?: { token?: string; expirationTimestamp?: string };
}

/** kubelet `requiresRefresh`: past 80 % of the lifetime, or more than 24 h since it was issued. Pure. */
export function requiresRefresh(issued: IssuedToken, nowMs: number): boolean {
  const lifetimeMs = issued.lifetimeSeconds * 1000;
  const issuedMs = issued.expiresMs - lifetimeMs;
  return nowMs > issuedMs + MAX_TTL_MS || nowMs > issued.expiresMs - lifetimeMs * 0.2;
}

/** The token projections of a pod's volumes. Pure. */
export function tokenProjections(pod: Pod): ServiceAccountTokenProjection[] {
  return pod.spec.volumes.flatMap((v) => (v.projected?.sources ?? []).flatMap((s) => (s.serviceAccountToken ? [s.serviceAccountToken] : [])));
}

function keyOf(pod: TokenPod, p: ServiceAccountTokenProjection): string {
  return JSON.stringify([pod.uid, pod.namespace, pod.serviceAccountName, p.audience ?? '', p.expirationSeconds]);
}

export class ServiceAccountTokens {
  private readonly issued = new Map<string, IssuedToken>();
  private readonly failures = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: { client: Pick<KubeClient, 'post'>; log: Logger; now: () => number; onRefreshed: (podUid: string) => void }) {}

  /** Keeps the tokens `pods` need (and drops the others); waits, bounded, for the new ones. */
  async follow(pods: readonly Pod[]): Promise<void> {
    const wanted = new Map<string, { pod: TokenPod; projection: ServiceAccountTokenProjection }>();
    for (const pod of pods) {
      const { namespace, name, uid } = pod.metadata;
      const tokenPod = { namespace, name, uid, serviceAccountName: pod.spec.serviceAccountName ?? 'default' };
      for (const projection of tokenProjections(pod)) wanted.set(keyOf(tokenPod, projection), { pod: tokenPod, projection });
    }
    for (const key of this.issued.keys()) if (!wanted.has(key)) this.issued.delete(key);
    for (const key of this.failures.keys()) if (!wanted.has(key)) this.failures.delete(key);
    const missing = [...wanted].filter(([key]) => !this.issued.has(key)).map(([key, w]) => this.request(key, w.pod, w.projection));
    if (missing.length === 0) return;
    await Promise.race([Promise.all(missing), new Promise((resolve) => setTimeout(resolve, FIRST_REQUEST_WAIT_MS).unref())]);
  }

  /** The token for a projection (`ConfigLookup.serviceAccountToken`); starts a request or refresh when due. */
  readonly lookup = (pod: TokenPod, projection: ServiceAccountTokenProjection): { token: string } | { error: string } => {
    const key = keyOf(pod, projection);
    const issued = this.issued.get(key);
    if (!issued) {
      void this.request(key, pod, projection).then(() => this.issued.has(key) && this.deps.onRefreshed(pod.uid));
      return { error: this.failures.get(key) ?? `the token of service account ${pod.namespace}/${pod.serviceAccountName} has not been issued yet` };
    }
    if (requiresRefresh(issued, this.deps.now())) void this.request(key, pod, projection).then(() => this.deps.onRefreshed(pod.uid));
    return { token: issued.token };
  };

  private request(key: string, pod: TokenPod, projection: ServiceAccountTokenProjection): Promise<void> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const done = this.deps.client
      .post<TokenRequestReply>(`/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/serviceaccounts/${encodeURIComponent(pod.serviceAccountName)}/token`, {
        apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
        spec: {
          ...(projection.audience ? { audiences: [projection.audience] } : {}), expirationSeconds: projection.expirationSeconds,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.name, uid: pod.uid },
        },
      })
      .then((reply) => {
        const token = reply.status?.token;
        const expiresMs = Date.parse(reply.status?.expirationTimestamp ?? '');
        if (!token || !Number.isFinite(expiresMs)) throw new Error('the API server answered the TokenRequest without a token');
        this.issued.set(key, { token, expiresMs, lifetimeSeconds: reply.spec?.expirationSeconds ?? projection.expirationSeconds });
        this.failures.delete(key);
      })
      .catch((err: Error) => {
        this.failures.set(key, err.message);
        this.deps.log.warn({ pod: `${pod.namespace}/${pod.name}`, podUid: pod.uid, serviceAccount: pod.serviceAccountName, err: { message: err.message } }, 'Failed to get a service account token');
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, done);
    return done;
  }
}
