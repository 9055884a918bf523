import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryAgentApi, makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';
import type { JsonBody } from '../testing/socket-get.js';
import { createKubeApi, type KubeApi } from './kube-api.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const NOW = Date.UTC(2024, 4, 1, 10, 5);

let api: InMemoryAgentApi;
let kube: KubeApi;
let server: Server;
let socketPath: string;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-api-'));
  socketPath = join(dir, 's.sock');
  api = new InMemoryAgentApi();
  const web = makeApiPod('web');
  web.metadata.labels = { app: 'web', tier: 'front' };
  const db = makeApiPod('db', { namespace: 'data' });
  db.metadata.labels = { app: 'db' };
  db.status = { ...db.status, phase: 'Pending' };
  api.pods = [web, db];
  api.events.set('default/web', [{ type: 'Normal', reason: 'Started', message: 'Started container main', fieldPath: 'spec.containers{main}', firstTimestamp: '2024-05-01T10:00:00Z', lastTimestamp: '2024-05-01T10:04:00Z', count: 3 }]);
  kube = createKubeApi({ api, versionsFile: join(dir, 'resource-version'), startedAtMs: Date.UTC(2024, 4, 1), now: () => NOW });
  server = createServer((req, res) => {
    if (!kube.serve(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterEach(async () => {
  kube.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function call(path: string, options: { accept?: string; method?: string } = {}): Promise<{ status: number; type: string; json: JsonBody }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: options.method ?? 'GET', headers: options.accept ? { accept: options.accept } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), json: body ? JSON.parse(body) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first `count` lines of a watch stream, then the connection is dropped. */
function watchLines(path: string, count: number, accept?: string): Promise<JsonBody[]> {
  return new Promise((resolve, reject) => {
    const lines: JsonBody[] = [];
    const req = request({ socketPath, path, headers: accept ? { accept } : {} }, (res) => {
      let buffer = '';
      res.on('data', (c: Buffer) => {
        buffer += c.toString();
        let i;
        while ((i = buffer.indexOf('\n')) >= 0) {
          lines.push(JSON.parse(buffer.slice(0, i)));
          buffer = buffer.slice(i + 1);
          if (lines.length === count) {
            req.destroy();
            resolve(lines);
          }
        }
      });
      res.on('end', () => resolve(lines));
    });
    req.on('error', (err) => (lines.length >= count ? undefined : reject(err)));
    req.end();
  });
}

describe('the Kubernetes API kubectl reads', () => {
  it('serves /version with a gitVersion kubectl parses', async () => {
    const { json } = await call('/version');
    expect(json).toMatchObject({ major: '1', minor: '32', gitVersion: expect.stringMatching(/^v1\.32\.\d+/) as unknown });
  });

  it('answers aggregated discovery with its content type when asked, legacy discovery otherwise', async () => {
    const aggregated = await call('/api', { accept: AGGREGATED });
    expect(aggregated.type).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const core = aggregated.json.items[0].versions[0].resources;
    expect(core.map((r: JsonBody) => r.resource)).toEqual(expect.arrayContaining(['pods', 'nodes', 'namespaces', 'events', 'configmaps', 'secrets']));
    expect(core.find((r: JsonBody) => r.resource === 'pods')).toMatchObject({ scope: 'Namespaced', shortNames: ['po'], verbs: ['get', 'list', 'watch'] });
    expect((await call('/apis', { accept: AGGREGATED })).json.items.map((g: JsonBody) => g.metadata.name)).toEqual(['events.k8s.io']);
    expect((await call('/api')).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect((await call('/api/v1')).json.resources.map((r: JsonBody) => r.name)).toEqual(expect.arrayContaining(['pods/log', 'pods/exec', 'pods/attach', 'pods/portforward']));
    expect((await call('/apis')).json.groups[0].preferredVersion.groupVersion).toBe('events.k8s.io/v1');
  });

  it('serves OpenAPI v3: the index names the core document, whose Pod schema is the manifest schema', async () => {
    const index = await call('/openapi/v3');
    const url: string = index.json.paths['api/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const doc = (await call(url)).json;
    const pod = doc.components.schemas['io.k8s.api.core.v1.Pod'];
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect(Object.keys(pod.properties.spec.properties)).toEqual(expect.arrayContaining(['containers', 'initContainers', 'restartPolicy', 'volumes']));
    // kubectl leaves write validation to the server when the PATCH operation takes fieldValidation.
    const patch = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(patch.parameters.map((p: JsonBody) => p.name)).toContain('fieldValidation');
    expect((await call('/openapi/v2')).status).toBe(404);
  });

  it('prints pods as a Table with kubectl columns, wide ones at priority 1', async () => {
    const { json } = await call('/api/v1/namespaces/default/pods', { accept: TABLE });
    expect(json.kind).toBe('Table');
    expect(json.columnDefinitions.map((c: JsonBody) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
    ]);
    expect(json.rows).toHaveLength(1);
    expect(json.rows[0].cells.slice(0, 5)).toEqual(['web', '0/1', 'Running', '0', '5m']);
    expect(json.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'web', namespace: 'default' } });
  });

  it('lists with label and field selectors, and a resourceVersion', async () => {
    const names = async (q: string) => (await call(`/api/v1/pods?${q}`)).json.items.map((p: JsonBody) => p.metadata.name);
    expect(await names('labelSelector=app%3Dweb')).toEqual(['web']);
    expect(await names('labelSelector=app%20in%20(web%2Cdb)')).toEqual(['web', 'db']);
    expect(await names('labelSelector=!tier')).toEqual(['db']);
    expect(await names('fieldSelector=status.phase%3DPending')).toEqual(['db']);
    expect(await names('fieldSelector=status.phase!%3DPending%2Cmetadata.namespace%3Ddefault')).toEqual(['web']);
    const list = await call('/api/v1/pods');
    expect(list.json).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect(Number(list.json.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(list.json.items[0].metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('pages a list with limit and continue, a Table too', async () => {
    const first = await call('/api/v1/pods?limit=1');
    expect(first.json.items.map((p: JsonBody) => p.metadata.name)).toEqual(['web']);
    expect(first.json.metadata).toMatchObject({ remainingItemCount: 1, continue: expect.any(String) as unknown });
    const second = await call(`/api/v1/pods?limit=1&continue=${encodeURIComponent(first.json.metadata.continue as string)}`);
    expect(second.json.items.map((p: JsonBody) => p.metadata.name)).toEqual(['db']);
    expect(second.json.metadata.continue).toBeUndefined();
    const table = await call('/api/v1/pods?limit=1', { accept: TABLE });
    expect(table.json).toMatchObject({ kind: 'Table', metadata: { remainingItemCount: 1 } });
    expect(table.json.rows).toHaveLength(1);
  });

  it('refuses an unsupported field selector and a bad label selector with 400', async () => {
    const field = await call('/api/v1/pods?fieldSelector=spec.image%3Dx');
    expect(field.status).toBe(400);
    expect(field.json.message).toContain('field label not supported: spec.image');
    expect((await call('/api/v1/pods?labelSelector=a%20in%20b')).status).toBe(400);
  });

  it('answers a missing object with the API server’s NotFound, and writes with 405', async () => {
    expect(await call('/api/v1/namespaces/default/pods/nope')).toMatchObject({ status: 404, json: { kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' } });
    expect(await call('/api/v1/namespaces/default/pods/web', { method: 'DELETE' })).toMatchObject({ status: 405, json: { reason: 'MethodNotAllowed' } });
    expect(await call('/api/v1/namespaces/default/pods', { method: 'POST' })).toMatchObject({ status: 405 });
    expect((await call('/apis/apps/v1/deployments')).status).toBe(404);
  });

  it('serves events in core/v1 and events.k8s.io/v1, selectable by involvedObject', async () => {
    const core = await call('/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb%2CinvolvedObject.kind%3DPod');
    expect(core.json.items).toHaveLength(1);
    expect(core.json.items[0]).toMatchObject({ kind: 'Event', reason: 'Started', count: 3, involvedObject: { kind: 'Pod', name: 'web', uid: 'uid-default-web', fieldPath: 'spec.containers{main}' }, source: { component: 'kubelet', host: 'node-1' } });
    const v1 = await call('/apis/events.k8s.io/v1/events');
    expect(v1.json.items[0]).toMatchObject({ apiVersion: 'events.k8s.io/v1', note: 'Started container main', regarding: { name: 'web' }, deprecatedCount: 3 });
    const table = await call('/api/v1/events', { accept: TABLE });
    // Every column, as the API server sends them; kubectl drops the priority-1 ones without -o wide.
    expect(table.json.rows[0].cells).toEqual(['60s (x3 over 5m)', 'Normal', 'Started', 'pod/web', 'spec.containers{main}', 'kubelet', 'Started container main', '5m', 3, expect.stringMatching(/^web\./) as unknown]);
  });

  it('prints ConfigMaps (NAME DATA AGE) and Secrets (NAME TYPE DATA AGE), selectable by type', async () => {
    api.configObjects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'tools', creationTimestamp: '2024-05-01T10:00:00Z' }, data: { a: '1' }, binaryData: { b: 'AA==' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'tools', creationTimestamp: '2024-05-01T10:04:30Z' }, type: 'kubernetes.io/basic-auth', data: { username: 'dQ==' } },
    ];
    const cms = await call('/api/v1/namespaces/tools/configmaps', { accept: TABLE });
    expect(cms.json.columnDefinitions.map((c: JsonBody) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(cms.json.rows[0].cells).toEqual(['settings', 2, '5m']);
    const secrets = await call('/api/v1/secrets', { accept: TABLE });
    expect(secrets.json.columnDefinitions.map((c: JsonBody) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(secrets.json.rows[0].cells).toEqual(['creds', 'kubernetes.io/basic-auth', 1, '30s']);
    expect((await call('/api/v1/secrets?fieldSelector=type%3DOpaque')).json.items).toEqual([]);
    expect((await call('/api/v1/namespaces')).json.items.map((n: JsonBody) => n.metadata.name)).toContain('tools');
  });

  it('prints nodes and namespaces as kubectl does', async () => {
    const nodes = await call('/api/v1/nodes', { accept: TABLE });
    expect(nodes.json.columnDefinitions.map((c: JsonBody) => c.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime']);
    expect(nodes.json.rows[0].cells.slice(0, 3)).toEqual(['node-1', 'Ready', '<none>']);
    const ns = await call('/api/v1/namespaces');
    expect(ns.json.items.map((n: JsonBody) => n.metadata.name)).toEqual(['data', 'default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect((await call('/api/v1/namespaces/data')).json).toMatchObject({ kind: 'Namespace', status: { phase: 'Active' } });
  });

  it('watches: the current objects as ADDED, then changes; a selector turns leaving into DELETED', async () => {
    const lines = watchLines('/api/v1/namespaces/default/pods?watch=1&labelSelector=app%3Dweb', 3);
    await new Promise((r) => setTimeout(r, 50));
    api.pods[0] = { ...api.pods[0]!, status: { ...api.pods[0]!.status, phase: 'Succeeded' } };
    kube.changed();
    await new Promise((r) => setTimeout(r, 50));
    api.pods[0] = { ...api.pods[0], metadata: { ...api.pods[0].metadata, labels: { app: 'other' } } };
    kube.changed();
    const events = await lines;
    expect(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.status.phase}`)).toEqual(['ADDED web Running', 'MODIFIED web Succeeded', 'DELETED web Succeeded']);
  });

  it('resumes a watch from a resourceVersion, and sends 410 Expired for one from before the history', async () => {
    const rv = (await call('/api/v1/pods')).json.metadata.resourceVersion;
    api.pods = api.pods.slice(1);
    kube.changed();
    await new Promise((r) => setTimeout(r, 20));
    const resumed = await watchLines(`/api/v1/pods?watch=1&resourceVersion=${rv}`, 1);
    expect(resumed[0]).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'web' } } });
    // The history starts at the agent's start; a version from an earlier run (or a made-up old one) is gone.
    const dir = mkdtempSync(join(tmpdir(), 'kube-api-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'resource-version'), '50000');
    const later = createKubeApi({ api, versionsFile: join(dir, 'resource-version'), startedAtMs: 0, now: () => NOW });
    const other = createServer((req, res) => void later.serve(req, res));
    const otherSocket = join(dir, 'o.sock');
    await new Promise<void>((resolve) => other.listen(otherSocket, resolve));
    const saved = socketPath;
    socketPath = otherSocket;
    const expired = await watchLines(`/api/v1/pods?watch=1&resourceVersion=${rv}`, 1);
    socketPath = saved;
    later.close();
    other.closeAllConnections();
    other.close();
    expect(expired[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('answers a watch at once even when nothing has changed since its version (clients wait for the headers)', async () => {
    const rv = (await call('/api/v1/pods')).json.metadata.resourceVersion;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ socketPath, path: `/api/v1/pods?watch=1&resourceVersion=${rv}` }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('sends one-row Tables in a watch asked for as a Table (kubectl get -w)', async () => {
    const [first] = await watchLines('/api/v1/namespaces/default/pods?watch=1', 1, TABLE);
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Table', rows: [{ cells: ['web', '0/1', 'Running', '0', '5m', '<none>', '<none>', '<none>', '<none>'] }] } });
  });

  it('ends the initial events with a bookmark when asked (sendInitialEvents)', async () => {
    const lines = await watchLines('/api/v1/namespaces/default/pods?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan', 2);
    expect(lines[1]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
  });
});
