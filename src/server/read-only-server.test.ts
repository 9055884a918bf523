import { request } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiPod } from '../api/api-pod.js';
import { makeApiPod } from '../../test/helpers/in-memory-agent-api.js';
import { createReadOnlyServer, type ReadOnlyServer, type ReadOnlyServerDeps } from './read-only-server.js';

const NOW = 1_700_000_000_000;
const pod: ApiPod = makeApiPod('web');

let server: ReadOnlyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(change: Partial<ReadOnlyServerDeps> = {}): Promise<number> {
  server = createReadOnlyServer({
    api: { listPods: () => [pod] },
    metrics: { exposition: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', text: 'minikubelet_pods{phase="Running"} 1\n' }) },
    runtime: { ping: async () => '24.0.0' },
    source: { listing: () => ({ lastListedMs: NOW - 1000, problem: undefined }) },
    rescanMs: 20_000,
    now: () => NOW,
    log: pino({ level: 'silent' }),
    ...change,
  });
  return server.listen(0, '127.0.0.1');
}

function fetchFrom(port: number, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the read-only port', () => {
  it('serves /healthz: 200 when the engine answers and the directory was listed recently', async () => {
    const port = await start();
    expect(await fetchFrom(port, '/healthz')).toMatchObject({ status: 200, body: '[+]docker ok\n[+]manifest-source ok\nhealthz check passed\n' });
  });

  it('serves /healthz: 503 with the reason when the engine does not answer', async () => {
    const port = await start({ runtime: { ping: () => Promise.reject(new Error('Docker engine unreachable during ping: connect ENOENT')) } });
    const res = await fetchFrom(port, '/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toContain('[-]docker failed: the Docker engine did not answer: Docker engine unreachable during ping: connect ENOENT');
  });

  it('serves /pods as a v1 PodList and /metrics in the Prometheus text format', async () => {
    const port = await start();
    const pods = await fetchFrom(port, '/pods');
    expect(JSON.parse(pods.body)).toMatchObject({ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'web' } }] });
    const metrics = await fetchFrom(port, '/metrics');
    expect(metrics).toMatchObject({ status: 200, type: 'text/plain; version=0.0.4; charset=utf-8' });
    expect(metrics.body).toContain('minikubelet_pods{phase="Running"} 1');
  });

  it.each(['/api/v1/namespaces/default/pods/web/log', '/api/v1/namespaces/default/pods/web/exec', '/api/v1/namespaces/default/pods/web/portforward', '/api/v1/pods', '/'])('does not serve %s', async (path) => {
    const port = await start();
    const res = await fetchFrom(port, path);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('refuses writes and connection upgrades', async () => {
    const port = await start();
    expect((await fetchFrom(port, '/pods', { method: 'POST' })).status).toBe(405);
    await expect(fetchFrom(port, '/pods', { headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io' } })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
