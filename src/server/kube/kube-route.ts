/**
 * Maps a path onto the Kubernetes API this server answers itself: version, discovery and the
 * resource collections (read-only). Pod subresources (`log`, `exec`, our `events`) are left to
 * the local API's routes (undefined here). Pure.
 */
import { findResource, type KubeResource } from './kube-resources.js';

export type KubeRoute =
  | { kind: 'version' }
  | { kind: 'openapiIndex' }
  | { kind: 'openapiCoreV1' }
  | { kind: 'apiVersions' }
  | { kind: 'apiGroupList' }
  | { kind: 'apiGroup'; group: string }
  | { kind: 'resourceList'; group: string }
  | { kind: 'collection'; resource: KubeResource; namespace?: string }
  | { kind: 'object'; resource: KubeResource; namespace?: string; name: string }
  | { kind: 'notFound' };

const NAMED_GROUPS = ['events.k8s.io'];

export function matchKubeRoute(pathname: string): KubeRoute | undefined {
  const segments = pathname.replace(/^\/+|\/+$/g, '').split('/');
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const [root, ...rest] = decoded;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if (root === 'openapi') {
    if (rest.join('/') === 'v3') return { kind: 'openapiIndex' };
    return rest.join('/') === 'v3/api/v1' ? { kind: 'openapiCoreV1' } : { kind: 'notFound' };
  }
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'apiVersions' };
    const [version, ...tail] = rest;
    if (version !== 'v1') return { kind: 'notFound' };
    if (tail.length === 0) return { kind: 'resourceList', group: '' };
    return matchResourcePath('', tail);
  }
  if (root === 'apis') {
    if (rest.length === 0) return { kind: 'apiGroupList' };
    const [group, version, ...tail] = rest;
    if (!NAMED_GROUPS.includes(group!)) return { kind: 'notFound' };
    if (version === undefined) return { kind: 'apiGroup', group: group! };
    if (version !== 'v1') return { kind: 'notFound' };
    if (tail.length === 0) return { kind: 'resourceList', group: group! };
    return matchResourcePath(group!, tail);
  }
  return undefined;
}

/** `<resource>[/<name>]` or `namespaces/<ns>/<resource>[/<name>]`; deeper paths are subresources. */
function matchResourcePath(group: string, tail: string[]): KubeRoute | undefined {
  const [a, b, c, d, ...more] = tail;
  if (a === 'namespaces' && b !== undefined && c !== undefined) {
    const resource = findResource(group, c);
    if (!resource?.namespaced || !b) return { kind: 'notFound' };
    if (d === undefined) return { kind: 'collection', resource, namespace: b };
    if (more.length > 0) return undefined;
    return d ? { kind: 'object', resource, namespace: b, name: d } : { kind: 'notFound' };
  }
  const resource = findResource(group, a!);
  if (resource === undefined) return { kind: 'notFound' };
  if (b === undefined) return { kind: 'collection', resource };
  if (resource.namespaced || c !== undefined || !b) return { kind: 'notFound' };
  return { kind: 'object', resource, name: b };
}
