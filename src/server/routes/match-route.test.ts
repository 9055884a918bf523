import { describe, expect, it } from 'vitest';
import { matchRoute, parseQueryBool } from './match-route.js';

describe('matchRoute', () => {
  it.each([
    ['/api/v1/pods', { kind: 'listPods' }],
    ['/api/v1/namespaces/kube-system/pods', { kind: 'listPods', namespace: 'kube-system' }],
    ['/api/v1/namespaces/default/pods/web', { kind: 'getPod', namespace: 'default', name: 'web' }],
    ['/api/v1/namespaces/default/pods/web/', { kind: 'getPod', namespace: 'default', name: 'web' }],
    ['/api/v1/namespaces/default/pods/web/events', { kind: 'podEvents', namespace: 'default', name: 'web' }],
    ['/api/v1/namespaces/default/pods/web/log', { kind: 'podLog', namespace: 'default', name: 'web' }],
    ['/api/v1/namespaces/default/pods/web/exec', { kind: 'podExec', namespace: 'default', name: 'web' }],
    ['/api/v1/namespaces/default/pods/web/attach', { kind: 'podAttach', namespace: 'default', name: 'web' }],
    ['/api/v1/namespaces/default/pods/web/portforward', { kind: 'podPortForward', namespace: 'default', name: 'web' }],
    ['/minikubelet/v1/manifest-problems', { kind: 'manifestProblems' }],
    ['/minikubelet/v1/node-usage', { kind: 'nodeUsage' }],
    ['/api/v1/services', { kind: 'listServiceObjects', resource: 'services' }],
    ['/api/v1/endpoints', { kind: 'listServiceObjects', resource: 'endpoints' }],
    ['/api/v1/namespaces/default/services', { kind: 'listServiceObjects', resource: 'services', namespace: 'default' }],
    ['/api/v1/namespaces/default/services/web', { kind: 'getServiceObject', resource: 'services', namespace: 'default', name: 'web' }],
    ['/api/v1/namespaces/default/endpoints/web', { kind: 'getServiceObject', resource: 'endpoints', namespace: 'default', name: 'web' }],
  ])('maps %s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it.each(['/', '/api', '/api/v2/pods', '/api/v1/namespaces//pods', '/api/v1/namespaces/default/pods/web/proxy', '/api/v1/namespaces/default/pods/web/log/x', '/api/v1/namespaces/%zz/pods', '/api/v1/namespaces/default/services/web/proxy'])(
    'serves nothing at %s',
    (path) => {
      expect(matchRoute(path)).toBeUndefined();
    },
  );
});

describe('parseQueryBool', () => {
  it('follows the apiserver: absent, 0 and false are false, anything else true', () => {
    expect([null, '0', 'false', 'False', 'true', '1', ''].map(parseQueryBool)).toEqual([false, false, false, false, true, true, true]);
  });
});
