import type { ConfigResource } from '../../api/api-config-object.js';
import type { ServiceResource } from '../../services/api-service.js';

/** Maps a request path onto the API's routes (pure). */

export type Route =
  | { kind: 'listPods'; namespace?: string }
  | { kind: 'getPod'; namespace: string; name: string }
  | { kind: 'podEvents'; namespace: string; name: string }
  | { kind: 'podLog'; namespace: string; name: string }
  | { kind: 'podExec'; namespace: string; name: string }
  | { kind: 'podAttach'; namespace: string; name: string }
  | { kind: 'podPortForward'; namespace: string; name: string }
  | { kind: 'manifestProblems' }
  | { kind: 'nodeUsage' }
  | { kind: 'listConfigObjects'; resource: ConfigResource; namespace?: string }
  | { kind: 'getConfigObject'; resource: ConfigResource; namespace: string; name: string }
  | { kind: 'listServiceObjects'; resource: ServiceResource; namespace?: string }
  | { kind: 'getServiceObject'; resource: ServiceResource; namespace: string; name: string }
  | { kind: 'listNodes' }
  | { kind: 'getNode'; name: string };

/** The streams: connection upgrades (`api-server.ts` `handleUpgrade`), never plain requests. */
export type StreamRoute = Extract<Route, { kind: 'podExec' | 'podAttach' | 'podPortForward' }>;

export function isStreamRoute(route: Route): route is StreamRoute {
  return route.kind === 'podExec' || route.kind === 'podAttach' || route.kind === 'podPortForward';
}

/** The HTTP method each route answers; the streams are POST as kubectl sends them (GET is accepted there too). */
export function routeMethods(route: Route): readonly string[] {
  return isStreamRoute(route) ? ['POST', 'GET'] : ['GET'];
}

/** undefined when nothing is served at this path. */
export function matchRoute(pathname: string): Route | undefined {
  const segments = splitPath(pathname);
  if (segments === undefined) return undefined;
  const [a, b, c, ns, pods, name, sub, ...rest] = segments;
  if (a === 'minikubelet' && b === 'v1' && c === 'manifest-problems' && ns === undefined) {
    return { kind: 'manifestProblems' };
  }
  if (a === 'minikubelet' && b === 'v1' && c === 'node-usage' && ns === undefined) return { kind: 'nodeUsage' };
  if (a !== 'api' || b !== 'v1') return undefined;
  if (c === 'pods' && ns === undefined) return { kind: 'listPods' };
  if ((c === 'configmaps' || c === 'secrets') && ns === undefined) return { kind: 'listConfigObjects', resource: c };
  if (c === 'namespaces' && ns && (pods === 'configmaps' || pods === 'secrets') && sub === undefined) {
    if (name === undefined) return { kind: 'listConfigObjects', resource: pods, namespace: ns };
    return name ? { kind: 'getConfigObject', resource: pods, namespace: ns, name } : undefined;
  }
  if ((c === 'services' || c === 'endpoints') && ns === undefined) return { kind: 'listServiceObjects', resource: c };
  if (c === 'namespaces' && ns && (pods === 'services' || pods === 'endpoints') && sub === undefined) {
    if (name === undefined) return { kind: 'listServiceObjects', resource: pods, namespace: ns };
    return name ? { kind: 'getServiceObject', resource: pods, namespace: ns, name } : undefined;
  }
  if (c === 'nodes' && pods === undefined) return ns === undefined ? { kind: 'listNodes' } : ns ? { kind: 'getNode', name: ns } : undefined;
  if (c !== 'namespaces' || !ns || pods !== 'pods' || rest.length > 0) return undefined;
  if (name === undefined) return { kind: 'listPods', namespace: ns };
  if (!name) return undefined;
  switch (sub) {
    case undefined:
      return { kind: 'getPod', namespace: ns, name };
    case 'events':
      return { kind: 'podEvents', namespace: ns, name };
    case 'log':
      return { kind: 'podLog', namespace: ns, name };
    case 'exec':
      return { kind: 'podExec', namespace: ns, name };
    case 'attach':
      return { kind: 'podAttach', namespace: ns, name };
    case 'portforward':
      return { kind: 'podPortForward', namespace: ns, name };
    default:
      return undefined;
  }
}

function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname
      .replace(/^\/+|\/+$/g, '')
      .split('/')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/**
 * Kubernetes query booleans (`runtime.Convert_Slice_string_To_bool`): absent, `0` and `false`
 * (any case) are false, anything else is true.
 */
export function parseQueryBool(value: string | null): boolean {
  if (value === null) return false;
  return value !== '0' && value.toLowerCase() !== 'false';
}
