import { rename, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServerHarness, type ApiServerHarness } from '../../test/helpers/api-server-harness.js';
import { makeApiPod } from '../../test/helpers/in-memory-agent-api.js';
import { createApiServer } from './api-server.js';
import { socketGet } from './testing/socket-get.js';

let h: ApiServerHarness;
beforeEach(async () => {
  h = await startApiServerHarness();
});
afterEach(() => h.close());

const { getJson } = socketGet(() => h.socketPath);

describe('pod routes', () => {
  beforeEach(() => {
    h.api.pods = [makeApiPod('web'), makeApiPod('db', { namespace: 'data' })];
  });

  it('lists every pod as a v1 PodList', async () => {
    const { status, json } = await getJson('/api/v1/pods');
    expect(status).toBe(200);
    expect(json.kind).toBe('PodList');
    expect(json.apiVersion).toBe('v1');
    expect(json.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['web', 'db']);
  });

  it('lists the pods of one namespace', async () => {
    const { json } = await getJson('/api/v1/namespaces/data/pods');
    expect(json.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['db']);
  });

  it('gets one pod', async () => {
    const { status, json } = await getJson('/api/v1/namespaces/default/pods/web');
    expect(status).toBe(200);
    expect(json.kind).toBe('Pod');
    expect(json.metadata.name).toBe('web');
  });

  it('answers a missing pod with a NotFound Status', async () => {
    const { status, json } = await getJson('/api/v1/namespaces/data/pods/web');
    expect(status).toBe(404);
    expect(json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "web" not found',
      reason: 'NotFound',
      code: 404,
    });
  });

  it('serves the pod events and the manifest problems', async () => {
    const event = { type: 'Normal', reason: 'Started', message: 'Started container main', firstTimestamp: 't', lastTimestamp: 't', count: 1 } as const;
    h.api.events.set('default/web', [event]);
    h.api.problems = [{ severity: 'error', file: '/m/bad.yaml', document: 0, path: 'spec', message: 'bad' }];
    expect((await getJson('/api/v1/namespaces/default/pods/web/events')).json).toMatchObject({ kind: 'EventList', items: [event] });
    expect((await getJson('/api/v1/namespaces/default/pods/nope/events')).status).toBe(404);
    expect((await getJson('/minikubelet/v1/manifest-problems')).json.items).toEqual(h.api.problems);
  });

  it('serves the node, and a 404 Status for another node name', async () => {
    expect((await getJson('/api/v1/nodes')).json).toMatchObject({ kind: 'NodeList', items: [{ kind: 'Node', metadata: { name: 'node-1' } }] });
    expect((await getJson('/api/v1/nodes/node-1')).json).toMatchObject({ kind: 'Node', status: { capacity: { cpu: '2', pods: '110' } } });
    expect((await getJson('/api/v1/nodes/other')).json).toMatchObject({ kind: 'Status', code: 404, message: 'nodes "other" not found' });
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    expect((await getJson('/api/v1/replicationcontrollers')).json).toMatchObject({ kind: 'Status', code: 404 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ socketPath: h.socketPath, path: '/api/v1/pods', method: 'DELETE' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it('answers 500 with a Status when the agent throws, logs it once and keeps serving', async () => {
    h.api.listPods = () => {
      throw new Error('status store exploded');
    };
    const { status, json } = await getJson('/api/v1/pods');
    expect(status).toBe(500);
    expect(json).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    expect(json.message).toContain('status store exploded');
    expect(h.logLines.filter((l) => l.includes('Failed to serve request'))).toHaveLength(1);
    expect((await getJson('/api/v1/namespaces/default/pods/web')).status).toBe(200);
  });
});

describe('the socket', () => {
  it('is not open to other users (mode 0660)', async () => {
    expect((await stat(h.socketPath)).mode & 0o777).toBe(0o660);
  });

  it('replaces a stale socket file and removes the socket on close', async () => {
    await h.server.close();
    await expect(stat(h.socketPath)).rejects.toThrow();
    // A socket file nobody listens on any more, as a crashed agent leaves it.
    const stale = createNetServer();
    const elsewhere = join(h.dir, 'elsewhere.sock');
    await new Promise<void>((resolve) => stale.listen(elsewhere, resolve));
    await rename(elsewhere, h.socketPath);
    await new Promise<void>((resolve) => stale.close(() => resolve()));
    expect((await stat(h.socketPath)).isSocket()).toBe(true);
    h.server = createApiServer({ api: h.api, runtime: h.runtime, log: pino({ level: 'silent' }) });
    await h.server.listen(h.socketPath);
    expect((await getJson('/api/v1/pods')).status).toBe(200);
  });

  it('refuses to replace a file that is not a socket', async () => {
    const path = join(h.dir, 'not-a-socket');
    await writeFile(path, 'keep me');
    const other = createApiServer({ api: h.api, runtime: h.runtime, log: pino({ level: 'silent' }) });
    await expect(other.listen(path)).rejects.toThrow(/is not a socket/);
  });

  it('refuses a socket another agent is serving', async () => {
    const other = createApiServer({ api: h.api, runtime: h.runtime, log: pino({ level: 'silent' }) });
    await expect(other.listen(h.socketPath)).rejects.toThrow(/already serving/);
  });
});

