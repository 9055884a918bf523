import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { defaultedContainer, defaultedPodSpec } from '../api/testing/pod-fixtures.js';
import { requiresRefresh, ServiceAccountTokens } from './service-account-tokens.js';

const HOUR = 3600_000;

describe('requiresRefresh (kubelet token manager)', () => {
  const issued = { token: 't', expiresMs: 10 * HOUR, lifetimeSeconds: 3600 };
  it.each([
    ['fresh', 9 * HOUR + 1, false],
    ['at 80 % of its hour', 9 * HOUR + 0.8 * HOUR + 1, true],
    ['expired', 11 * HOUR, true],
  ])('%s', (_name, nowMs, expected) => {
    expect(requiresRefresh(issued, nowMs)).toBe(expected);
  });
  it('refreshes a year-long token after 24 hours', () => {
    const year = { token: 't', expiresMs: 365 * 24 * HOUR, lifetimeSeconds: 365 * 24 * 3600 };
    expect(requiresRefresh(year, 23 * HOUR)).toBe(false);
    expect(requiresRefresh(year, 24 * HOUR + 1)).toBe(true);
  });
});

describe('ServiceAccountTokens', () => {
  function setup() {
    let now = 0;
    let n = 0;
    const posts: { path: string; body: unknown }[] = [];
    const refreshed: string[] = [];
    const tokens = new ServiceAccountTokens({
      client: {
        post: <T>(path: string, body: unknown) => {
          posts.push({ path, body });
          n += 1;
          return Promise.resolve({ spec: { expirationSeconds: 600 }, status: { token: `token-${n}`, expirationTimestamp: new Date(now + 600_000).toISOString() } } as T);
        },
      },
      log: pino({ level: 'silent' }), now: () => now, onRefreshed: (uid) => refreshed.push(uid),
    });
    return { tokens, posts, refreshed, advance: (ms: number) => (now += ms) };
  }
  const pod = {
    metadata: { name: 'web', namespace: 'shop', uid: 'u-1', labels: {}, annotations: {} },
    spec: defaultedPodSpec({
      containers: [defaultedContainer('c')], serviceAccountName: 'api',
      volumes: [{ name: 'v', projected: { defaultMode: 0o644, sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 600, path: 'token' } }] } }],
    }),
  } as Pod;
  const projection = { audience: 'vault', expirationSeconds: 600, path: 'token' };
  const tokenPod = { namespace: 'shop', name: 'web', uid: 'u-1', serviceAccountName: 'api' };

  it('requests a token bound to the pod before its first sync, then answers from memory', async () => {
    const { tokens, posts } = setup();
    await tokens.follow([pod]);
    expect(posts).toEqual([{
      path: '/api/v1/namespaces/shop/serviceaccounts/api/token',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['vault'], expirationSeconds: 600, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'u-1' } } },
    }]);
    expect(tokens.lookup(tokenPod, projection)).toEqual({ token: 'token-1' });
    expect(posts).toHaveLength(1);
  });

  it('refreshes at 80 % of the lifetime and asks for the pod to be synced again', async () => {
    const { tokens, posts, refreshed, advance } = setup();
    await tokens.follow([pod]);
    advance(481_000);
    expect(tokens.lookup(tokenPod, projection)).toEqual({ token: 'token-1' });
    await new Promise((r) => setTimeout(r, 0));
    expect(posts).toHaveLength(2);
    expect(refreshed).toEqual(['u-1']);
    expect(tokens.lookup(tokenPod, projection)).toEqual({ token: 'token-2' });
  });

  it('forgets the tokens of pods that are gone', async () => {
    const { tokens } = setup();
    await tokens.follow([pod]);
    await tokens.follow([]);
    expect(tokens.lookup(tokenPod, projection)).toEqual({ error: 'the token of service account shop/api has not been issued yet' });
  });
});
