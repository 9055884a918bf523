import { describe, expect, it } from 'vitest';
import { matchKubeRoute } from './kube-route.js';

function summary(path: string): string | undefined {
  const route = matchKubeRoute(path);
  if (route === undefined) return undefined;
  if (route.kind === 'collection') return `collection ${route.resource.group}/${route.resource.name} ns=${route.namespace ?? '*'}`;
  if (route.kind === 'object') return `object ${route.resource.group}/${route.resource.name} ns=${route.namespace ?? '-'} ${route.name}`;
  return route.kind;
}

describe('matchKubeRoute', () => {
  it.each([
    ['/version', 'version'],
    ['/api', 'apiVersions'],
    ['/api/v1', 'resourceList'],
    ['/apis', 'apiGroupList'],
    ['/apis/events.k8s.io', 'apiGroup'],
    ['/apis/events.k8s.io/v1', 'resourceList'],
    ['/api/v1/pods', 'collection /pods ns=*'],
    ['/api/v1/namespaces/default/pods', 'collection /pods ns=default'],
    ['/api/v1/namespaces/default/pods/web', 'object /pods ns=default web'],
    ['/api/v1/namespaces/default/pods/web/log', undefined],
    ['/api/v1/namespaces/default/pods/web/exec', undefined],
    ['/api/v1/nodes', 'collection /nodes ns=*'],
    ['/api/v1/nodes/node-a', 'object /nodes ns=- node-a'],
    ['/api/v1/namespaces', 'collection /namespaces ns=*'],
    ['/api/v1/namespaces/default', 'object /namespaces ns=- default'],
    ['/api/v1/namespaces/kube-system/events', 'collection /events ns=kube-system'],
    ['/apis/events.k8s.io/v1/namespaces/default/events', 'collection events.k8s.io/events ns=default'],
    ['/api/v1/namespaces/default/nodes', 'notFound'],
    ['/api/v1/services', 'collection /services ns=*'],
    ['/api/v1/namespaces/default/endpoints/web', 'object /endpoints ns=default web'],
    ['/api/v1/replicationcontrollers', 'notFound'],
    ['/api/v2/pods', 'notFound'],
    ['/apis/apps/v1/deployments', 'notFound'],
    ['/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-a', 'notFound'],
    ['/openapi/v3', 'openapiIndex'],
    ['/openapi/v3/api/v1', 'openapiCoreV1'],
    ['/openapi/v2', 'notFound'],
    ['/healthz', undefined],
    ['/minikubelet/v1/manifest-problems', undefined],
  ])('%s → %s', (path, expected) => {
    expect(summary(path)).toBe(expected);
  });
});
