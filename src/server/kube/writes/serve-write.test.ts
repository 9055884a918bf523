import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryAgentApi } from '../../../../test/helpers/in-memory-agent-api.js';
import { createKubeApi, type KubeApi } from '../kube-api.js';

let dir: string;
let manifests: string;
let kube: KubeApi;
let server: Server;
let socketPath: string;
let rescans: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-write-'));
  manifests = join(dir, 'manifests');
  await mkdir(manifests);
  socketPath = join(dir, 's.sock');
  rescans = 0;
  kube = createKubeApi({
    api: new InMemoryAgentApi(), versionsFile: join(dir, 'resource-version'), startedAtMs: 0, now: () => 0,
    writes: { dir: manifests, nodeName: 'node-a', rescan: async () => void rescans++ },
  });
  server = createServer((req, res) => {
    if (!kube.serve(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterEach(async () => {
  kube.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function call(method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method, headers: { 'content-type': type } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const CM = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { mode: 'fast' } });
const STACK = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}   # one\ndata: {a: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\ndata: {b: "2"}\n';

describe('writes through the Kubernetes API', () => {
  it('a create becomes <namespace>.<name>.<kind>.yaml and the directory is read again', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', CM('settings'));
    expect(created.status).toBe(201);
    expect(await readdir(manifests)).toEqual(['default.settings.configmap.yaml']);
    expect(await readFile(join(manifests, 'default.settings.configmap.yaml'), 'utf8')).toContain('mode: fast');
    expect(rescans).toBe(1);
    expect((await call('POST', '/api/v1/namespaces/default/configmaps', CM('settings'))).json).toMatchObject({ code: 409, reason: 'AlreadyExists' });
  });

  it('refuses a namespace that is no DNS label (it would name a file outside the directory)', async () => {
    const answer = await call('POST', '/api/v1/namespaces/..%2F..%2Ftmp/configmaps', CM('x'));
    expect(answer.json).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(await readdir(dir)).toEqual(['manifests', 'resource-version', 's.sock']);
    expect(await readdir(manifests)).toEqual([]);
  });

  it('serializes writes: two patches of two documents of one file at once both land', async () => {
    await writeFile(join(manifests, 'stack.yaml'), STACK);
    const type = 'application/merge-patch+json';
    const [a, b] = await Promise.all([
      call('PATCH', '/api/v1/namespaces/default/configmaps/one', { data: { a: 'x' } }, type),
      call('PATCH', '/api/v1/namespaces/default/configmaps/two', { data: { b: 'y' } }, type),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const text = await readFile(join(manifests, 'stack.yaml'), 'utf8');
    expect(text).toContain('data: {a: "x"}');
    expect(text).toContain('data: {b: "y"}');
    expect(text).toContain('metadata: {name: one} # one');
  });

  it('a delete removes the document, and the file with its last one', async () => {
    await writeFile(join(manifests, 'stack.yaml'), STACK);
    expect((await call('DELETE', '/api/v1/namespaces/default/configmaps/one')).json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'one', kind: 'configmaps' } });
    expect(await readFile(join(manifests, 'stack.yaml'), 'utf8')).toBe(STACK.slice(STACK.indexOf('---')));
    await call('DELETE', '/api/v1/namespaces/default/configmaps/two');
    expect(await readdir(manifests)).toEqual([]);
    expect((await call('DELETE', '/api/v1/namespaces/default/configmaps/two')).json).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "two" not found' });
  });

  it.each([
    ['PUT of an object no file defines', 'PUT', '/api/v1/namespaces/default/configmaps/nope', CM('nope'), 404],
    ['a write to the node', 'DELETE', '/api/v1/nodes/node-a', undefined, 405],
    ['a name that does not match the URL', 'PUT', '/api/v1/namespaces/default/configmaps/one', CM('other'), 400],
    ['a stale resourceVersion', 'PUT', '/api/v1/namespaces/default/configmaps/one', { ...CM('one'), metadata: { name: 'one', resourceVersion: '1' } }, 409],
    ['a body that is not JSON', 'POST', '/api/v1/namespaces/default/configmaps', '{', 400],
    ['a name that is no file name', 'POST', '/api/v1/namespaces/default/configmaps', CM('../x'), 422],
    ['no name', 'POST', '/api/v1/namespaces/default/configmaps', { kind: 'ConfigMap', metadata: {} }, 422],
  ])('refuses %s (%s) and leaves the file as it was', async (_name, method, path, body, code) => {
    await writeFile(join(manifests, 'stack.yaml'), STACK);
    const answer = await (typeof body === 'string'
      ? new Promise<{ json: Record<string, unknown> }>((resolve, reject) => {
        const req = request({ socketPath, path, method, headers: { 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ json: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on('error', reject);
        req.end(body);
      })
      : call(method, path, body));
    expect(answer.json).toMatchObject({ kind: 'Status', code });
    expect(await readFile(join(manifests, 'stack.yaml'), 'utf8')).toBe(STACK);
  });
});
