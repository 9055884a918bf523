import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRuntime } from '../../test/helpers/fake-runtime.js';
import { InMemoryAgentApi, makeApiPod } from '../../test/helpers/in-memory-agent-api.js';
import { createApiServer, type ApiServer } from './api-server.js';
import { decodeExit, encodeFrame, encodeResize, FrameDecoder, StreamId, type Frame } from './exec-protocol.js';

let dir: string;
let socketPath: string;
let api: InMemoryAgentApi;
let runtime: FakeRuntime;
let server: ApiServer;
let logLines: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minikubelet-api-'));
  socketPath = join(dir, 'minikubelet.sock');
  api = new InMemoryAgentApi();
  runtime = new FakeRuntime();
  logLines = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  server = createApiServer({ api, runtime, log });
  await server.listen(socketPath);
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function get(path: string): Promise<{ status: number; body: string; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, res }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function getJson(path: string): Promise<{ status: number; json: any }> {
  const { status, body } = await get(path);
  return { status, json: JSON.parse(body) };
}

/** Starts a running container for `ns/pod/container` in the fake runtime and points the API at it. */
async function runningContainer(pod: string, container = 'main', namespace = 'default'): Promise<string> {
  runtime.addImage('busybox');
  const id = await runtime.createContainer({
    name: `k8s_${container}_${pod}_${namespace}_uid_0`,
    image: 'busybox',
    labels: {},
    env: [],
    networkMode: 'none',
    ipcMode: 'shareable',
    portBindings: [],
    mounts: [],
    tty: false,
    openStdin: false,
    stdinOnce: false,
  });
  await runtime.startContainer(id);
  api.targets.set(`${namespace}/${pod}/${container}`, { containerId: id, containerName: container, running: true });
  return id;
}

describe('pod routes', () => {
  beforeEach(() => {
    api.pods = [makeApiPod('web'), makeApiPod('db', { namespace: 'data' })];
  });

  it('lists every pod as a v1 PodList', async () => {
    const { status, json } = await getJson('/api/v1/pods');
    expect(status).toBe(200);
    expect(json.kind).toBe('PodList');
    expect(json.apiVersion).toBe('v1');
    expect(json.items.map((p: any) => p.metadata.name)).toEqual(['web', 'db']);
  });

  it('lists the pods of one namespace', async () => {
    const { json } = await getJson('/api/v1/namespaces/data/pods');
    expect(json.items.map((p: any) => p.metadata.name)).toEqual(['db']);
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
    api.events.set('default/web', [event]);
    api.problems = [{ severity: 'error', file: '/m/bad.yaml', document: 0, path: 'spec', message: 'bad' }];
    expect((await getJson('/api/v1/namespaces/default/pods/web/events')).json).toMatchObject({ kind: 'EventList', items: [event] });
    expect((await getJson('/api/v1/namespaces/default/pods/nope/events')).status).toBe(404);
    expect((await getJson('/minikubelet/v1/manifest-problems')).json.items).toEqual(api.problems);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    expect((await getJson('/api/v1/nodes')).json).toMatchObject({ kind: 'Status', code: 404 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ socketPath, path: '/api/v1/pods', method: 'DELETE' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it('answers 500 with a Status when the agent throws, logs it once and keeps serving', async () => {
    api.listPods = () => {
      throw new Error('status store exploded');
    };
    const { status, json } = await getJson('/api/v1/pods');
    expect(status).toBe(500);
    expect(json).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    expect(json.message).toContain('status store exploded');
    expect(logLines.filter((l) => l.includes('Failed to serve request'))).toHaveLength(1);
    expect((await getJson('/api/v1/namespaces/default/pods/web')).status).toBe(200);
  });
});

describe('the socket', () => {
  it('is not open to other users (mode 0660)', async () => {
    expect((await stat(socketPath)).mode & 0o777).toBe(0o660);
  });

  it('replaces a stale socket file and removes the socket on close', async () => {
    await server.close();
    await expect(stat(socketPath)).rejects.toThrow();
    // A socket file nobody listens on any more, as a crashed agent leaves it.
    const stale = createNetServer();
    const elsewhere = join(dir, 'elsewhere.sock');
    await new Promise<void>((resolve) => stale.listen(elsewhere, resolve));
    await rename(elsewhere, socketPath);
    await new Promise<void>((resolve) => stale.close(() => resolve()));
    expect((await stat(socketPath)).isSocket()).toBe(true);
    server = createApiServer({ api, runtime, log: pino({ level: 'silent' }) });
    await server.listen(socketPath);
    expect((await getJson('/api/v1/pods')).status).toBe(200);
  });

  it('refuses to replace a file that is not a socket', async () => {
    const path = join(dir, 'not-a-socket');
    await writeFile(path, 'keep me');
    const other = createApiServer({ api, runtime, log: pino({ level: 'silent' }) });
    await expect(other.listen(path)).rejects.toThrow(/is not a socket/);
  });

  it('refuses a socket another agent is serving', async () => {
    const other = createApiServer({ api, runtime, log: pino({ level: 'silent' }) });
    await expect(other.listen(socketPath)).rejects.toThrow(/already serving/);
  });
});

describe('logs', () => {
  beforeEach(() => {
    api.pods = [makeApiPod('web')];
  });

  it('returns the tail of the log as text/plain', async () => {
    const id = await runningContainer('web');
    runtime.writeLog(id, 'one\ntwo\nthree\n');
    const { status, body, res } = await get('/api/v1/namespaces/default/pods/web/log?tailLines=2');
    expect(status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(body).toBe('two\nthree\n');
    expect(runtime.callsOf('logs')[0]).toEqual([id, { follow: false, timestamps: false, tail: 2 }]);
  });

  it('passes container and previous to the agent and refuses a bad tailLines', async () => {
    await runningContainer('web', 'side');
    await get('/api/v1/namespaces/default/pods/web/log?container=side&previous=true');
    expect(api.resolveCalls.at(-1)).toEqual({ namespace: 'default', podName: 'web', container: 'side', previous: true });
    expect((await getJson('/api/v1/namespaces/default/pods/web/log?tailLines=-1')).status).toBe(400);
  });

  it('follows until the container stops', async () => {
    const id = await runningContainer('web');
    runtime.writeLog(id, 'before\n');
    const chunks: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request({ socketPath, path: '/api/v1/namespaces/default/pods/web/log?follow=true' }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          chunks.push(chunk);
          if (chunk.includes('before')) runtime.writeLog(id, 'after\n');
          if (chunk.includes('after')) void runtime.stopContainer(id, 0);
        });
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    await done;
    expect(chunks.join('')).toBe('before\nafter\n');
  });

  it('aborts the runtime stream when the client disconnects', async () => {
    await runningContainer('web');
    let signal: AbortSignal | undefined;
    const logs = runtime.logs.bind(runtime);
    runtime.logs = (id, options, s) => {
      signal = s;
      return logs(id, options, s);
    };
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ socketPath, path: '/api/v1/namespaces/default/pods/web/log?follow=1' }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    expect(signal?.aborted).toBe(false);
    res.destroy();
    await expect.poll(() => signal?.aborted).toBe(true);
  });
});

describe('exec', () => {
  beforeEach(() => {
    api.pods = [makeApiPod('web')];
  });

  interface ExecResult {
    frames: Frame[];
    socket: Duplex;
    closed: Promise<void>;
  }

  function upgrade(query: string, send: Buffer[] = []): Promise<ExecResult | { status: number; json: any }> {
    return new Promise((resolve, reject) => {
      const req = request({
        socketPath,
        method: 'POST',
        path: `/api/v1/namespaces/default/pods/web/exec?${query}`,
        headers: { Connection: 'Upgrade', Upgrade: 'minikubelet-exec' },
      });
      req.on('upgrade', (res, socket, head) => {
        expect(res.statusCode).toBe(101);
        expect(res.headers.upgrade).toBe('minikubelet-exec');
        const decoder = new FrameDecoder();
        const frames: Frame[] = [...decoder.push(head)];
        socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk)));
        const closed = new Promise<void>((done) => socket.on('close', () => done()));
        for (const frame of send) socket.write(frame);
        resolve({ frames, socket, closed });
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('round-trips stdin and stdout and ends with the exit status', async () => {
    await runningContainer('web');
    const result = (await upgrade('command=cat&stdin=true', [
      encodeFrame(StreamId.stdin, 'hello '),
      encodeFrame(StreamId.stdin, 'world'),
      encodeFrame(StreamId.stdinEnd),
    ])) as ExecResult;
    await result.closed;
    const stdout = Buffer.concat(result.frames.filter((f) => f.stream === StreamId.stdout).map((f) => f.payload));
    expect(stdout.toString()).toBe('hello world');
    expect(result.frames.at(-1)?.stream).toBe(StreamId.exit);
    expect(decodeExit(result.frames.at(-1)!.payload)).toEqual({ exitCode: 0 });
  });

  it('keeps stderr apart and reports a non-zero exit code', async () => {
    await runningContainer('web');
    runtime.execHandler = ({ stdout, stderr }) => {
      stdout('out\n');
      stderr('err\n');
      return 3;
    };
    const result = (await upgrade('command=sh&command=-c&command=x')) as ExecResult;
    await result.closed;
    expect(result.frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      [1, 'out\n'],
      [2, 'err\n'],
      [3, '{"exitCode":3}'],
    ]);
    expect(runtime.callsOf('exec')[0]?.[1]).toEqual({ cmd: ['sh', '-c', 'x'], stdin: false, tty: false });
  });

  it('forwards tty output raw as stdout and resizes the terminal', async () => {
    await runningContainer('web');
    let release = (): void => undefined;
    runtime.execHandler = async ({ stdout }) => {
      await new Promise<void>((resolve) => (release = resolve));
      stdout('prompt$ ');
      return 0;
    };
    const result = (await upgrade('command=sh&tty=true&stdin=true', [encodeResize({ cols: 120, rows: 40 })])) as ExecResult;
    await expect.poll(() => runtime.callsOf('resize')).toEqual([[expect.any(String), 120, 40]]);
    release();
    await result.closed;
    expect(result.frames.map((f) => f.stream)).toEqual([1, 3]);
  });

  it('refuses a container that is not running with a BadRequest Status', async () => {
    const id = await runningContainer('web');
    api.targets.set('default/web/main', { containerId: id, containerName: 'main', running: false });
    const result = await upgrade('command=ls');
    expect(result).toMatchObject({ status: 400, json: { kind: 'Status', message: 'container main is not running' } });
  });

  it('refuses an exec without a command and a missing pod', async () => {
    await runningContainer('web');
    expect(await upgrade('stdin=true')).toMatchObject({ status: 400, json: { reason: 'BadRequest' } });
    api.pods = [];
    expect(await upgrade('command=ls')).toMatchObject({ status: 404, json: { message: 'pods "web" not found' } });
  });
});
