/**
 * Lets /usr/bin/kubectl talk to an agent's unix socket: a loopback HTTP server that answers the
 * discovery kubectl asks first (`/api`, `/apis`, `/api/v1`: the minimum for pods and their
 * subresources; the agent's HTTPS API serves the real thing) and passes everything else, upgrades
 * included, to the socket byte for byte. With a kubeconfig naming `http://127.0.0.1:<port>`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { Duplex } from 'node:stream';

export const KUBECTL = '/usr/bin/kubectl';
export const kubectlInstalled = existsSync(KUBECTL);

const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
      { name: 'pods/attach', singularName: '', namespaced: true, kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    ],
  },
};

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KubectlBridge {
  port: number;
  kubeconfig: string;
  /** Runs kubectl with this kubeconfig (and a private HOME for its cache). */
  kubectl(args: string[], options?: { input?: string | Buffer; timeoutMs?: number }): Promise<KubectlResult>;
  close(): Promise<void>;
}

export async function startKubectlBridge(socketPath: string): Promise<KubectlBridge> {
  const dir = await mkdtemp(join(tmpdir(), 'minikubelet-kubectl-'));
  const sockets = new Set<Duplex>();
  const server = createServer((req, res) => serve(socketPath, req, res));
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const agent = connect(socketPath);
    for (const s of [client, agent]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    agent.write(`${lines.join('\r\n')}\r\n\r\n`);
    agent.write(head);
    client.pipe(agent).pipe(client);
    client.on('close', () => agent.destroy());
    agent.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- {name: agent, cluster: {server: "http://127.0.0.1:${port}"}}`,
      'contexts:',
      '- {name: agent, context: {cluster: agent, user: agent}}',
      'current-context: agent',
      'users:',
      '- {name: agent, user: {}}',
      '',
    ].join('\n'),
  );
  return {
    port,
    kubeconfig,
    kubectl: (args, options = {}) => runKubectl(args, { KUBECONFIG: kubeconfig, HOME: dir }, options),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function serve(socketPath: string, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://bridge').pathname.replace(/\/+$/, '');
  const discovery = DISCOVERY[path];
  if (discovery !== undefined) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(discovery));
    return;
  }
  const upstream = request({ socketPath, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (err) => {
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`bridge: ${err.message}`);
  });
  req.pipe(upstream);
}

/** Starts kubectl; the caller reads its output as it comes (port-forward runs until killed). */
export function spawnKubectl(bridge: KubectlBridge, args: string[], env: Record<string, string> = {}) {
  return spawn(KUBECTL, args, { env: { ...process.env, ...env, KUBECONFIG: bridge.kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function runKubectl(args: string[], env: Record<string, string>, options: { input?: string | Buffer; timeoutMs?: number }): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
