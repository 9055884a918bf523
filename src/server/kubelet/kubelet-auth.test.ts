import { describe, expect, it, vi } from 'vitest';
import {
  authenticate,
  authorize,
  bearerToken,
  checkAuthConfig,
  forbiddenMessage,
  requestAttributes,
  type KubeletAuthConfig,
  type KubeletAuthWebhooks,
} from './kubelet-auth.js';

const apiserver = { verified: true, commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'] };
const otherCa = { verified: false, commonName: 'mallory', organizations: [] };

function webhooks(): KubeletAuthWebhooks {
  return {
    authenticateToken: vi.fn(async (token: string) => (token === 'good' ? { name: 'system:serviceaccount:kube-system:metrics-server', groups: [] } : undefined)),
    authorize: vi.fn(async (user, attrs) => (attrs.subresource === 'stats' || attrs.subresource === 'metrics' ? { allowed: true } : { allowed: false, reason: `${user.name} may only read stats` })),
  };
}

describe('the kubelet port authentication', () => {
  const certOnly: KubeletAuthConfig = { authenticationTokenWebhook: false, authorizationMode: 'AlwaysAllow' };
  const withTokens = (): KubeletAuthConfig => ({ authenticationTokenWebhook: true, authorizationMode: 'Webhook', webhooks: webhooks() });

  it.each([
    ['a certificate from the client CA', { certificate: apiserver }, certOnly, 'kube-apiserver-kubelet-client'],
    ['no certificate', {}, certOnly, undefined],
    ['a certificate from another CA', { certificate: otherCa }, certOnly, undefined],
    ['a token, with the token webhook off', { authorization: 'Bearer good' }, certOnly, undefined],
    ['a token the API server accepts', { authorization: 'Bearer good' }, withTokens(), 'system:serviceaccount:kube-system:metrics-server'],
    ['a token the API server refuses', { authorization: 'Bearer bad' }, withTokens(), undefined],
    ['a certificate from another CA and a good token', { certificate: otherCa, authorization: 'bearer good' }, withTokens(), 'system:serviceaccount:kube-system:metrics-server'],
    ['a certificate with no common name', { certificate: { verified: true, organizations: [] } }, certOnly, undefined],
  ] as const)('with %s: user %s', async (_what, request, config, user) => {
    expect((await authenticate(request, config))?.name).toBe(user);
  });

  it('gives a certificate user its organizations as groups, and system:authenticated', async () => {
    expect(await authenticate({ certificate: apiserver }, certOnly)).toEqual({ name: apiserver.commonName, groups: ['system:masters', 'system:authenticated'] });
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads the bearer token of %s', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it('refuses at start a Webhook mode or token webhook without the API server', () => {
    expect(checkAuthConfig({ authenticationTokenWebhook: false, authorizationMode: 'Webhook' })).toMatch(/--authorization-mode Webhook .* node mode/);
    expect(checkAuthConfig({ authenticationTokenWebhook: true, authorizationMode: 'AlwaysAllow' })).toMatch(/--authentication-token-webhook .* node mode/);
    expect(checkAuthConfig(certOnly)).toBeUndefined();
    expect(checkAuthConfig(withTokens())).toBeUndefined();
  });
});

describe('the kubelet port authorization', () => {
  it.each([
    ['GET', '/stats/summary', 'get', 'stats'],
    ['POST', '/stats/summary', 'create', 'stats'],
    ['GET', '/metrics', 'get', 'metrics'],
    ['GET', '/metrics/resource', 'get', 'metrics'],
    ['GET', '/logs/syslog', 'get', 'log'],
    ['GET', '/containerLogs/default/web/app', 'get', 'proxy'],
    ['POST', '/exec/default/web/app', 'create', 'proxy'],
    ['GET', '/pods', 'get', 'proxy'],
    ['GET', '/healthz', 'get', 'proxy'],
    ['GET', '/statsfoo', 'get', 'proxy'],
    ['PUT', '/pods', 'update', 'proxy'],
    ['PATCH', '/pods', 'patch', 'proxy'],
    ['DELETE', '/pods', 'delete', 'proxy'],
    ['OPTIONS', '/pods', '', 'proxy'],
  ])('asks %s %s as verb %s on nodes/<node>/%s', (method, path, verb, subresource) => {
    expect(requestAttributes(method, path, 'node-a')).toEqual({ verb, resource: 'nodes', subresource, name: 'node-a', path });
  });

  it('allows everything authenticated with AlwaysAllow, and asks the API server with Webhook', async () => {
    const user = { name: 'metrics', groups: [] };
    const hooks = webhooks();
    expect(await authorize(user, requestAttributes('POST', '/exec/a/b/c', 'n'), { authenticationTokenWebhook: false, authorizationMode: 'AlwaysAllow' })).toEqual({ allowed: true });
    const config: KubeletAuthConfig = { authenticationTokenWebhook: false, authorizationMode: 'Webhook', webhooks: hooks };
    expect(await authorize(user, requestAttributes('GET', '/stats/summary', 'n'), config)).toEqual({ allowed: true });
    expect((await authorize(user, requestAttributes('POST', '/exec/a/b/c', 'n'), config)).allowed).toBe(false);
    expect(hooks.authorize).toHaveBeenCalledWith(user, { verb: 'create', resource: 'nodes', subresource: 'proxy', name: 'n', path: '/exec/a/b/c' });
  });

  it('words a refusal as the kubelet does', () => {
    expect(forbiddenMessage({ name: 'bob', groups: [] }, requestAttributes('POST', '/exec/a/b/c', 'n'))).toBe('Forbidden (user=bob, verb=create, resource=nodes, subresource=proxy)');
  });
});
