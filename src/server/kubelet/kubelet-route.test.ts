import { describe, expect, it } from 'vitest';
import { kubeletRouteMethods, matchKubeletRoute, type KubeletRoute } from './kubelet-route.js';

const CASES: [path: string, route: KubeletRoute | undefined][] = [
  ['/healthz', { kind: 'healthz' }],
  ['/healthz/ping', { kind: 'healthz', check: 'ping' }],
  ['/healthz/syncloop', { kind: 'healthz', check: 'syncloop' }],
  ['/healthz/log', { kind: 'healthz', check: 'log' }],
  ['/healthz/other', undefined],
  ['/pods', { kind: 'pods' }],
  ['/pods/', { kind: 'pods' }],
  ['/pods/web', undefined],
  ['/stats/summary', { kind: 'statsSummary' }],
  ['/stats', undefined],
  ['/stats/default/web', undefined],
  ['/metrics', { kind: 'metrics' }],
  ['/metrics/resource', { kind: 'metricsResource' }],
  ['/metrics/cadvisor', undefined],
  ['/containerLogs/default/web/app', { kind: 'containerLogs', namespace: 'default', pod: 'web', container: 'app' }],
  ['/containerLogs/default/web', undefined],
  ['/exec/default/web/app', { kind: 'exec', namespace: 'default', pod: 'web', container: 'app' }],
  ['/exec/default/web/1234-abcd/app', { kind: 'exec', namespace: 'default', pod: 'web', uid: '1234-abcd', container: 'app' }],
  ['/exec/default/web', undefined],
  ['/exec/default/web/a/b/c', undefined],
  ['/attach/kube-system/etcd-node1/etcd', { kind: 'attach', namespace: 'kube-system', pod: 'etcd-node1', container: 'etcd' }],
  ['/portForward/default/web', { kind: 'portForward', namespace: 'default', pod: 'web' }],
  ['/portForward/default/web/1234', { kind: 'portForward', namespace: 'default', pod: 'web', uid: '1234' }],
  ['/portForward/default', undefined],
  ['/containerLogs/default/we%2Fb/app', { kind: 'containerLogs', namespace: 'default', pod: 'we/b', container: 'app' }],
  ['/containerLogs/default/%E0%A4%A/app', undefined],
  ['/run/default/web/app', undefined],
  ['/', undefined],
];

describe('the kubelet port routes', () => {
  it.each(CASES)('maps %s', (path, route) => {
    expect(matchKubeletRoute(path)).toEqual(route);
  });

  it('takes the streams and the summary by GET and POST, the rest by GET', () => {
    expect(kubeletRouteMethods({ kind: 'portForward', namespace: 'a', pod: 'b' })).toEqual(['GET', 'POST']);
    expect(kubeletRouteMethods({ kind: 'statsSummary' })).toEqual(['GET', 'POST']);
    expect(kubeletRouteMethods({ kind: 'pods' })).toEqual(['GET', 'HEAD']);
  });
});
