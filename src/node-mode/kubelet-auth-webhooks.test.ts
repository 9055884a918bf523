import { describe, expect, it } from 'vitest';
import { createKubeletAuthWebhooks } from './kubelet-auth-webhooks.js';

function fakeClient(replies: Record<string, (body: Record<string, unknown>) => unknown>) {
  const calls: { path: string; body: Record<string, unknown> }[] = [];
  return {
    calls,
    post: <T>(path: string, body: unknown): Promise<T> => {
      calls.push({ path, body: body as Record<string, unknown> });
      return Promise.resolve(replies[path]!(body as Record<string, unknown>) as T);
    },
  };
}

const attrs = { verb: 'get', resource: 'nodes' as const, subresource: 'proxy' as const, name: 'node-a', path: '/exec/default/web/app' };

describe('kubelet auth webhooks', () => {
  it('maps a TokenReview to the user, caches it for 2 minutes, and refuses an unauthenticated token', async () => {
    let t = 0;
    const client = fakeClient({
      '/apis/authentication.k8s.io/v1/tokenreviews': (body) => ({
        status: (body.spec as { token: string }).token === 'good' ? { authenticated: true, user: { username: 'alice', groups: ['dev'] } } : { authenticated: false },
      }),
    });
    const hooks = createKubeletAuthWebhooks(client, () => t);
    expect(await hooks.authenticateToken('good')).toEqual({ name: 'alice', groups: ['dev'] });
    expect(await hooks.authenticateToken('bad')).toBeUndefined();
    await hooks.authenticateToken('good');
    expect(client.calls).toHaveLength(2);
    t = 2 * 60_000 + 1;
    await hooks.authenticateToken('good');
    expect(client.calls).toHaveLength(3);
  });

  it('asks a SubjectAccessReview with the kubelet attributes; allowed for 5 minutes, denied for 30 s', async () => {
    let t = 0;
    let allow = false;
    const client = fakeClient({ '/apis/authorization.k8s.io/v1/subjectaccessreviews': () => ({ status: { allowed: allow, reason: allow ? undefined : 'no RBAC rule' } }) });
    const hooks = createKubeletAuthWebhooks(client, () => t);
    const user = { name: 'bob', groups: ['system:authenticated'] };
    expect(await hooks.authorize(user, attrs)).toEqual({ allowed: false, reason: 'no RBAC rule' });
    expect(client.calls[0]?.body).toMatchObject({ kind: 'SubjectAccessReview', spec: { user: 'bob', resourceAttributes: { verb: 'get', resource: 'nodes', subresource: 'proxy', name: 'node-a' } } });
    allow = true;
    t = 29_000;
    expect((await hooks.authorize(user, attrs)).allowed).toBe(false);
    t = 31_000;
    expect((await hooks.authorize(user, attrs)).allowed).toBe(true);
    t = 31_000 + 4 * 60_000;
    await hooks.authorize(user, attrs);
    expect(client.calls).toHaveLength(2);
  });
});
