/**
 * What kubectl reads before anything else: `/version`, legacy discovery (`/api`, `/api/v1`,
 * `/apis`, `/apis/<group>/<version>`) and aggregated discovery (apidiscovery.k8s.io/v2, asked for
 * first by kubectl ≥ 1.30: one round trip instead of one per group version). Pure.
 */
import { arch } from 'node:process';
import { KUBE_RESOURCES, READ_VERBS, type KubeResource } from './kube-resources.js';

/** The Kubernetes API version these shapes follow (kubectl 1.32 talks to it without skew warnings). */
export const KUBE_API_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0+minikubelet' };

export function makeVersionInfo(): Record<string, string> {
  return {
    ...KUBE_API_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'node',
    platform: `linux/${arch === 'x64' ? 'amd64' : arch}`,
  };
}

export const GROUPS = [{ group: '', version: 'v1' }, { group: 'events.k8s.io', version: 'v1' }] as const;

function resourcesOf(group: string): KubeResource[] {
  return KUBE_RESOURCES.filter((r) => r.group === group);
}

/** `GET /api`: APIVersions. */
export function makeApiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** `GET /apis`: APIGroupList (the legacy core group is not in it). */
export function makeApiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.filter((g) => g.group !== '').map((g) => makeApiGroup(g.group)) };
}

export function makeApiGroup(group: string) {
  const gv = { groupVersion: `${group}/v1`, version: 'v1' };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [gv], preferredVersion: gv };
}

/** `GET /api/v1`, `GET /apis/events.k8s.io/v1`: APIResourceList. */
export function makeApiResourceList(group: string) {
  const resources = resourcesOf(group).flatMap((r) => [
    { name: r.name, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: READ_VERBS, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}) },
    ...r.subresources.map((s) => ({ name: `${r.name}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? 'v1' : `${group}/v1`, resources };
}

export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the Accept header asks for aggregated discovery (v2; v2beta1 is answered as v2 is not: kubectl asks for v2 first). */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => /g=apidiscovery\.k8s\.io/.test(part) && /v=v2(;|$|\s)/.test(part) && /as=APIGroupDiscoveryList/.test(part));
}

/** `/api` (the core group) or `/apis` (the named groups) as an APIGroupDiscoveryList. */
export function makeAggregatedDiscovery(legacy: boolean) {
  const groups = GROUPS.filter((g) => (g.group === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group === '' ? {} : { name: g.group },
      versions: [
        {
          version: g.version,
          freshness: 'Current',
          resources: resourcesOf(g.group).map((r) => ({
            resource: r.name,
            responseKind: { group: g.group, version: g.version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singular,
            verbs: READ_VERBS,
            ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
            ...(r.categories.length ? { categories: r.categories } : {}),
            ...(r.subresources.length
              ? { subresources: r.subresources.map((s) => ({ subresource: s.name, responseKind: { group: '', version: 'v1', kind: s.kind }, verbs: s.verbs })) }
              : {}),
          })),
        },
      ],
    })),
  };
}
