/** The kubelet port's plain requests: health, the pod list, container logs, the Summary and metrics. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiServerDeps } from '../api-server.js';
import { makePodList } from '../api-shapes.js';
import { serveLogs } from '../routes/logs.js';
import { sendJson } from '../status-object.js';
import type { KubeletRoute } from './kubelet-route.js';
import { asKubeletPod, findKubeletPod, podNotOnNode } from './kubelet-pod-lookup.js';
import { makeResourceMetrics, RESOURCE_METRICS_CONTENT_TYPE } from './resource-metrics.js';
import type { StatsSummary } from './stats-summary.js';
import { sendText } from './text-response.js';

/** What the plain routes read beside the agent's pods. */
export interface KubeletReaders {
  /** Why the agent's sync loop is unhealthy (engine unreachable, manifest directory not listed), or undefined. */
  syncLoopProblem(): Promise<string | undefined>;
  /** The agent's own Prometheus metrics (`/metrics`). */
  metrics(): Promise<{ contentType: string; text: string }>;
  /** The Summary API: the node's and the running containers' CPU and memory, read now. */
  summary(): Promise<StatsSummary>;
}

type Deps = ApiServerDeps & { readers: KubeletReaders };

export async function serveKubeletRequest(deps: Deps, req: IncomingMessage, res: ServerResponse, route: Exclude<KubeletRoute, { kind: 'exec' | 'attach' | 'portForward' }>): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  switch (route.kind) {
    case 'healthz':
      return serveHealth(deps, res, route.check);
    case 'pods':
      return sendJson(res, 200, makePodList(deps.api.listPods().map((pod) => asKubeletPod(pod, deps.api.nodeName))));
    case 'metrics': {
      const { contentType, text } = await deps.readers.metrics();
      return sendText(res, 200, text, contentType);
    }
    case 'statsSummary': {
      const summary = await deps.readers.summary();
      // metrics-server before 0.6 asks for CPU and memory only.
      const cpuAndMemoryOnly = url.searchParams.get('only_cpu_and_memory') === 'true';
      return sendJson(res, 200, cpuAndMemoryOnly ? { ...summary, node: { ...summary.node, fs: undefined, runtime: undefined } } : summary);
    }
    case 'metricsResource': {
      const summary = await deps.readers.summary().catch((err: unknown) => {
        deps.log.warn({ err }, 'Failed to read resource usage for /metrics/resource');
        return undefined;
      });
      return sendText(res, 200, makeResourceMetrics(summary), RESOURCE_METRICS_CONTENT_TYPE);
    }
    case 'containerLogs': {
      const pod = findKubeletPod(deps.api, route.namespace, route.pod);
      if (pod === undefined) return sendText(res, 404, podNotOnNode(route.namespace, route.pod, deps.api.nodeName));
      return serveLogs(deps, req, res, { namespace: route.namespace, name: pod.metadata.name, query: logQuery(url.searchParams, route.container) });
    }
  }
}

/**
 * The kubelet's PodLogOptions query: the container from the path, `tail` as the old spelling of
 * `tailLines` (`all`: every line), the rest as the API server's pods/log takes it.
 */
export function logQuery(query: URLSearchParams, container: string): URLSearchParams {
  const out = new URLSearchParams(query);
  out.set('container', container);
  const tail = out.get('tail');
  out.delete('tail');
  if (tail !== null && tail !== '') {
    if (tail === 'all') out.delete('tailLines');
    else out.set('tailLines', tail);
  }
  return out;
}

/** healthz's checks (`ping`, `log`, `syncloop`), in its format: `ok`, or the failing check's lines and 500. */
async function serveHealth(deps: Deps, res: ServerResponse, check: 'ping' | 'log' | 'syncloop' | undefined): Promise<void> {
  const syncloop = check === undefined || check === 'syncloop' ? await deps.readers.syncLoopProblem() : undefined;
  if (check !== undefined) return syncloop === undefined ? sendText(res, 200, 'ok') : sendText(res, 500, `internal server error: ${syncloop}`);
  if (syncloop === undefined) return sendText(res, 200, 'ok');
  sendText(res, 500, `[+]ping ok\n[+]log ok\n[-]syncloop failed: ${syncloop}\nhealthz check failed`);
}
