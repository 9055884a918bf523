/**
 * The paths the kubelet port serves (pure), as k8s `pkg/kubelet/server/server.go` registers them:
 *
 *     /healthz, /healthz/ping, /healthz/log, /healthz/syncloop
 *     /pods                                      v1 PodList of the node's pods
 *     /stats/summary                             the Summary API (metrics-server < 0.6)
 *     /metrics, /metrics/resource                Prometheus (metrics-server ≥ 0.6 reads resource)
 *     /containerLogs/{ns}/{pod}/{container}
 *     /exec|attach/{ns}/{pod}[/{uid}]/{container}
 *     /portForward/{ns}/{pod}[/{uid}]
 */

export type StreamKind = 'exec' | 'attach' | 'portForward';

export type KubeletRoute =
  | { kind: 'healthz'; check?: 'ping' | 'log' | 'syncloop' }
  | { kind: 'pods' }
  | { kind: 'statsSummary' }
  | { kind: 'metrics' }
  | { kind: 'metricsResource' }
  | { kind: 'containerLogs'; namespace: string; pod: string; container: string }
  | { kind: 'exec' | 'attach'; namespace: string; pod: string; uid?: string; container: string }
  | { kind: 'portForward'; namespace: string; pod: string; uid?: string };

export type KubeletStreamRoute = Extract<KubeletRoute, { kind: StreamKind }>;

export function isKubeletStreamRoute(route: KubeletRoute): route is KubeletStreamRoute {
  return route.kind === 'exec' || route.kind === 'attach' || route.kind === 'portForward';
}

/** The methods each route answers (the kubelet's restful routes: streams GET and POST, /stats/summary GET and POST). */
export function kubeletRouteMethods(route: KubeletRoute): readonly string[] {
  if (isKubeletStreamRoute(route) || route.kind === 'statsSummary') return ['GET', 'POST'];
  return ['GET', 'HEAD'];
}

const HEALTH_CHECKS = ['ping', 'log', 'syncloop'] as const;

/** undefined when nothing is served at this path (404). */
export function matchKubeletRoute(pathname: string): KubeletRoute | undefined {
  const segments = splitPath(pathname);
  if (segments === undefined) return undefined;
  const [root, ...rest] = segments;
  switch (root) {
    case 'healthz': {
      if (rest.length === 0) return { kind: 'healthz' };
      const check = HEALTH_CHECKS.find((c) => c === rest[0]);
      return check !== undefined && rest.length === 1 ? { kind: 'healthz', check } : undefined;
    }
    case 'pods':
      return rest.length === 0 ? { kind: 'pods' } : undefined;
    case 'stats':
      return rest.length === 1 && rest[0] === 'summary' ? { kind: 'statsSummary' } : undefined;
    case 'metrics':
      if (rest.length === 0) return { kind: 'metrics' };
      return rest.length === 1 && rest[0] === 'resource' ? { kind: 'metricsResource' } : undefined;
    case 'containerLogs': {
      const [namespace, pod, container] = rest;
      return rest.length === 3 && namespace && pod && container ? { kind: 'containerLogs', namespace, pod, container } : undefined;
    }
    case 'exec':
    case 'attach': {
      if (rest.length !== 3 && rest.length !== 4) return undefined;
      const [namespace, pod] = rest;
      const container = rest.at(-1);
      const uid = rest.length === 4 ? rest[2] : undefined;
      if (!namespace || !pod || !container || uid === '') return undefined;
      return { kind: root, namespace, pod, container, ...(uid !== undefined ? { uid } : {}) };
    }
    case 'portForward': {
      if (rest.length !== 2 && rest.length !== 3) return undefined;
      const [namespace, pod, uid] = rest;
      if (!namespace || !pod || uid === '') return undefined;
      return { kind: 'portForward', namespace, pod, ...(uid !== undefined ? { uid } : {}) };
    }
    default:
      return undefined;
  }
}

function splitPath(pathname: string): string[] | undefined {
  try {
    const trimmed = pathname.replace(/^\/+|\/+$/g, '');
    return trimmed === '' ? [] : trimmed.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
