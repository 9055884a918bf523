/** The CLI's client of the agent's local API, over its unix socket (DESIGN.md §2). */
import type { NodeUsage } from '../cgroups/cgroup-usage-reader.js';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { ApiConfigObject, ConfigResource } from '../api/api-config-object.js';
import type { ApiEndpoints, ApiService, ServiceResource } from '../services/api-service.js';
import type { Readable } from 'node:stream';
import type { PodEvent } from '../api/pod-status-types.js';
import type { ApiPod } from '../api/api-pod.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';
import type { ManifestProblemList, PodEventList, PodList } from '../server/api-shapes.js';
import { isKubeStatus, type KubeStatus } from '../server/status-object.js';
import type { ApiNode } from '../node/api-node.js';
import { DEFAULT_ROOT_DIR } from '../config/agent-options.js';
import { WebSocket } from 'ws';
import { EXEC_SUBPROTOCOL, ExecConnection, type ExecOutput } from './exec-connection.js';

export const SOCKET_FILE = 'minikubelet.sock';

/** `--socket` wins; otherwise `<root-dir>/minikubelet.sock`. */
export function socketPathFor(options: { rootDir?: string; socket?: string }): string {
  return options.socket ?? join(options.rootDir ?? DEFAULT_ROOT_DIR, SOCKET_FILE);
}

export class AgentUnreachableError extends Error {
  override name = 'AgentUnreachableError';
}

/** A Kubernetes `Status` failure from the agent; the message is the server's. */
export class ApiStatusError extends Error {
  override name = 'ApiStatusError';
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

export interface LogsRequest {
  container?: string;
  follow: boolean;
  previous: boolean;
  tailLines?: number;
  timestamps: boolean;
}

export interface ExecRequest {
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export class ApiClient {
  constructor(readonly socketPath: string) {}

  async listPods(scope: { namespace: string } | { all: true }): Promise<PodList> {
    const path = 'all' in scope ? '/api/v1/pods' : `${namespacePath(scope.namespace)}/pods`;
    return this.getJson<PodList>(path);
  }

  /** The agent's node; with a name, only that node (a 404 Status otherwise). */
  async listConfigObjects(resource: ConfigResource, scope: { namespace: string } | { all: true }): Promise<ApiConfigObject[]> {
    const path = 'all' in scope ? `/api/v1/${resource}` : `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}/${resource}`;
    return (await this.getJson<{ items: ApiConfigObject[] }>(path)).items;
  }

  async getConfigObject(resource: ConfigResource, namespace: string, name: string): Promise<ApiConfigObject> {
    return this.getJson<ApiConfigObject>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}`);
  }

  async listServices(scope: { namespace: string } | { all: true }): Promise<ApiService[]> {
    return this.listServiceObjects<ApiService>('services', scope);
  }

  async listEndpoints(scope: { namespace: string } | { all: true }): Promise<ApiEndpoints[]> {
    return this.listServiceObjects<ApiEndpoints>('endpoints', scope);
  }

  async getService(namespace: string, name: string): Promise<ApiService> {
    return this.getJson<ApiService>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`);
  }

  async getEndpoints(namespace: string, name: string): Promise<ApiEndpoints> {
    return this.getJson<ApiEndpoints>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/endpoints/${encodeURIComponent(name)}`);
  }

  private async listServiceObjects<T>(resource: ServiceResource, scope: { namespace: string } | { all: true }): Promise<T[]> {
    const path = 'all' in scope ? `/api/v1/${resource}` : `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}/${resource}`;
    return (await this.getJson<{ items: T[] }>(path)).items;
  }

  async getNode(name?: string): Promise<ApiNode> {
    if (name !== undefined) return this.getJson<ApiNode>(`/api/v1/nodes/${encodeURIComponent(name)}`);
    const list = await this.getJson<{ items: ApiNode[] }>('/api/v1/nodes');
    return list.items[0]!;
  }

  async getPod(namespace: string, name: string): Promise<ApiPod> {
    return this.getJson<ApiPod>(podPath(namespace, name));
  }

  async podEvents(namespace: string, name: string): Promise<PodEvent[]> {
    return (await this.getJson<PodEventList>(`${podPath(namespace, name)}/events`)).items;
  }

  /** The pods' cgroup usage as the agent reads it now. */
  async nodeUsage(): Promise<NodeUsage> {
    return this.getJson<NodeUsage>('/minikubelet/v1/node-usage');
  }

  async manifestProblems(): Promise<ManifestProblem[]> {
    return (await this.getJson<ManifestProblemList>('/minikubelet/v1/manifest-problems')).items;
  }

  /** The log as a byte stream; with `follow` it ends when the container stops (destroy it to stop sooner). */
  async streamLogs(namespace: string, name: string, options: LogsRequest): Promise<Readable> {
    const query = new URLSearchParams();
    if (options.container) query.set('container', options.container);
    if (options.follow) query.set('follow', 'true');
    if (options.previous) query.set('previous', 'true');
    if (options.tailLines !== undefined) query.set('tailLines', String(options.tailLines));
    if (options.timestamps) query.set('timestamps', 'true');
    return this.send(`${podPath(namespace, name)}/log?${query.toString()}`);
  }

  /** Starts the command; output goes to `output` as it arrives. */
  exec(namespace: string, name: string, options: ExecRequest, output: ExecOutput): Promise<ExecConnection> {
    const query = new URLSearchParams();
    if (options.container) query.set('container', options.container);
    for (const part of options.command) query.append('command', part);
    query.set('stdin', String(options.stdin));
    query.set('stdout', 'true');
    query.set('stderr', String(!options.tty));
    query.set('tty', String(options.tty));
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws+unix://${this.socketPath}:${podPath(namespace, name)}/exec?${query.toString()}`, [EXEC_SUBPROTOCOL]);
      ws.once('open', () => resolve(new ExecConnection(ws, output)));
      // A refusal (unknown pod, container not running) is an HTTP response with a Status.
      ws.once('unexpected-response', (_req, res) => void failureOf(res).then(reject, reject));
      ws.once('error', (err) => reject(this.connectionError(err)));
    });
  }

  private async getJson<T>(path: string): Promise<T> {
    const res = await this.send(path);
    return JSON.parse(await readBody(res)) as T;
  }

  /** The response of a GET that succeeded; Status failures and connection errors are thrown. */
  private send(path: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: this.socketPath, path });
      req.on('response', (res) => {
        if ((res.statusCode ?? 500) < 400) resolve(res);
        else void failureOf(res).then(reject, reject);
      });
      req.on('error', (err) => reject(this.connectionError(err)));
      req.end();
    });
  }

  private connectionError(err: Error): Error {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      return new AgentUnreachableError(
        `cannot reach the minikubelet agent at ${this.socketPath}: is it running? (start it with 'minikubelet run', or pass --root-dir/--socket)`,
      );
    }
    if (code === 'EACCES') {
      return new AgentUnreachableError(`permission denied on ${this.socketPath}: run as root or as a member of the socket's group`);
    }
    return err;
  }
}

async function failureOf(res: IncomingMessage): Promise<Error> {
  const body = await readBody(res);
  try {
    const parsed: unknown = JSON.parse(body);
    if (isKubeStatus(parsed)) return new ApiStatusError(parsed);
  } catch {
    // not JSON: report the raw answer below
  }
  return new Error(`the agent answered ${res.statusCode}: ${body.trim() || res.statusMessage}`);
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function namespacePath(namespace: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
}

function podPath(namespace: string, name: string): string {
  return `${namespacePath(namespace)}/pods/${encodeURIComponent(name)}`;
}
