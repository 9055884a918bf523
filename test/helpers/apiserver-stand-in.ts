/**
 * What a kube-apiserver does with `kubectl logs|exec|attach|port-forward`, for tests of the kubelet
 * port without a control plane: a loopback HTTP server in front of the kubectl bridge (which serves
 * the pod objects kubectl reads first) that sends `pods/log` and the stream upgrades to the node's
 * kubelet port with the API server's client certificate, rewritten as k8s
 * `pkg/registry/core/pod/strategy.go` does (`/containerLogs/…`, `/exec/{ns}/{pod}/{container}?command=…&input=1&output=1&error=1&tty=1`,
 * `/portForward/{ns}/{pod}`), and passes the upgrade through byte for byte (as the 1.20 API server's
 * upgrade-aware proxy does: kubectl's SPDY reaches the kubelet unchanged).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';
import type { KeyPair } from '../../src/server/pki/certificates.js';
import { startKubectlBridge } from './kubectl-bridge.js';

export interface ApiServerStandIn {
  kubeconfig: string;
  /** What the kubelet was asked, in order (paths with queries). */
  kubeletPaths: string[];
  /** The Upgrade header of each upgrade passed through (`SPDY/3.1`, `websocket`). */
  upgrades: string[];
  close(): Promise<void>;
}

const SUBRESOURCE = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward|log)$/;

/** The kubelet path for a pod subresource request, or undefined for anything else (served by the bridge). */
export function kubeletPath(url: string): string | undefined {
  const parsed = new URL(url, 'http://apiserver');
  const match = SUBRESOURCE.exec(parsed.pathname);
  if (match === null) return undefined;
  const [, ns = '', pod = '', sub] = match;
  const q = parsed.searchParams;
  const container = q.get('container') ?? '';
  if (sub === 'portforward') return `/portForward/${ns}/${pod}`;
  if (sub === 'log') {
    const out = new URLSearchParams(q);
    out.delete('container');
    return `/containerLogs/${ns}/${pod}/${container}?${out.toString()}`;
  }
  const params = new URLSearchParams();
  for (const c of q.getAll('command')) params.append('command', c);
  const on = (name: string) => q.get(name) === 'true' || q.get(name) === '1';
  if (on('stdin')) params.set('input', '1');
  if (on('stdout')) params.set('output', '1');
  if (on('stderr')) params.set('error', '1');
  if (on('tty')) params.set('tty', '1');
  return `/${sub}/${ns}/${pod}/${container}?${params.toString()}`;
}

export async function startApiServerStandIn(socketPath: string, kubelet: { port: number; client: KeyPair }): Promise<ApiServerStandIn> {
  const bridge = await startKubectlBridge(socketPath);
  const dir = await mkdtemp(join(tmpdir(), 'minikubelet-apiserver-stand-in-'));
  const kubeletPaths: string[] = [];
  const upgrades: string[] = [];
  const sockets = new Set<Duplex>();
  const tls = { host: '127.0.0.1', port: kubelet.port, cert: kubelet.client.certPem, key: kubelet.client.keyPem, rejectUnauthorized: false };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = kubeletPath(req.url ?? '/');
    if (path !== undefined) kubeletPaths.push(path);
    const upstream =
      path === undefined
        ? request({ host: '127.0.0.1', port: bridge.port, method: req.method, path: req.url, headers: req.headers }, (answer) => relay(answer, res))
        : httpsRequest({ ...tls, method: 'GET', path }, (answer) => relay(answer, res));
    upstream.on('error', (err) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`stand-in: ${err.message}`);
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const path = kubeletPath(req.url ?? '/') ?? req.url ?? '/';
    kubeletPaths.push(path);
    upgrades.push(String(req.headers.upgrade ?? ''));
    const node = connect(tls);
    for (const s of [client, node]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const lines = [`${req.method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${kubelet.port}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (!/^(host|authorization)$/i.test(req.rawHeaders[i]!)) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    node.once('secureConnect', () => {
      node.write(`${lines.join('\r\n')}\r\n\r\n`);
      node.write(head);
      client.pipe(node).pipe(client);
    });
    client.on('close', () => node.destroy());
    node.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- {name: c, cluster: {server: "http://127.0.0.1:${port}"}}\ncontexts:\n- {name: c, context: {cluster: c, user: u}}\ncurrent-context: c\nusers:\n- {name: u, user: {}}\n`,
  );
  return {
    kubeconfig,
    kubeletPaths,
    upgrades,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bridge.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function relay(answer: IncomingMessage, res: ServerResponse): void {
  res.writeHead(answer.statusCode ?? 502, answer.headers);
  answer.pipe(res);
}
