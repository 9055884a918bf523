/**
 * The kubelet port's webhooks in node mode: bearer tokens through the API server's `TokenReview`,
 * requests through `SubjectAccessReview`, as the kubelet's `--authentication-token-webhook` and
 * `--authorization-mode=Webhook` do (`pkg/kubelet/server/auth.go`), with its caches: tokens 2 min,
 * decisions 5 min allowed / 30 s denied (`KubeletAuthentication/Authorization` defaults).
 */
import type { AuthorizationDecision, KubeletAuthWebhooks, KubeletUser, RequestAttributes } from '../server/kubelet/kubelet-auth.js';
import type { KubeClient } from './kube-client.js';

const TOKEN_TTL_MS = 2 * 60_000;
const ALLOWED_TTL_MS = 5 * 60_000;
const DENIED_TTL_MS = 30_000;
/** Entries kept at most, per cache: a flood of distinct tokens does not grow memory. */
const MAX_ENTRIES = 1_000;

interface TokenReviewReply {
  status?: { authenticated?: boolean; user?: { username?: string; groups?: string[] }; error?: string };
}

interface SubjectAccessReviewReply {
  status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string };
}

class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresMs: number }>();
  constructor(private readonly now: () => number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresMs > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresMs: this.now() + ttlMs });
  }
}

export function createKubeletAuthWebhooks(client: Pick<KubeClient, 'post'>, now: () => number = Date.now): KubeletAuthWebhooks {
  const tokens = new TtlCache<KubeletUser | null>(now);
  const decisions = new TtlCache<AuthorizationDecision>(now);
  return {
    async authenticateToken(token) {
      const cached = tokens.get(token);
      if (cached !== undefined) return cached ?? undefined;
      const reply = await client.post<TokenReviewReply>('/apis/authentication.k8s.io/v1/tokenreviews', {
        apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token },
      });
      const user = reply.status?.authenticated && reply.status.user?.username
        ? { name: reply.status.user.username, groups: reply.status.user.groups ?? [] }
        : null;
      tokens.set(token, user, TOKEN_TTL_MS);
      return user ?? undefined;
    },
    async authorize(user: KubeletUser, attrs: RequestAttributes) {
      const key = JSON.stringify([user.name, user.groups, attrs.verb, attrs.subresource, attrs.name]);
      const cached = decisions.get(key);
      if (cached) return cached;
      const reply = await client.post<SubjectAccessReviewReply>('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
        spec: { user: user.name, groups: user.groups, resourceAttributes: { verb: attrs.verb, resource: attrs.resource, subresource: attrs.subresource, name: attrs.name } },
      });
      const allowed = reply.status?.allowed === true;
      const reason = reply.status?.reason ?? reply.status?.evaluationError;
      const decision: AuthorizationDecision = { allowed, ...(reason ? { reason } : {}) };
      decisions.set(key, decision, allowed ? ALLOWED_TTL_MS : DENIED_TTL_MS);
      return decision;
    },
  };
}
