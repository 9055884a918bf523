import { request, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServerHarness, type ApiServerHarness } from '../../../test/helpers/api-server-harness.js';
import { makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';
import { socketGet } from '../testing/socket-get.js';
import { parseLogQuery } from './logs.js';

let h: ApiServerHarness;
beforeEach(async () => {
  h = await startApiServerHarness();
});
afterEach(() => h.close());

const { get, getJson } = socketGet(() => h.socketPath);

describe('logs', () => {
  beforeEach(() => {
    h.api.pods = [makeApiPod('web')];
  });

  it('returns the tail of the log as text/plain', async () => {
    const id = await h.runningContainer('web');
    h.runtime.writeLog(id, 'one\ntwo\nthree\n');
    const { status, body, res } = await get('/api/v1/namespaces/default/pods/web/log?tailLines=2');
    expect(status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(body).toBe('two\nthree\n');
    expect(h.runtime.callsOf('logs')[0]).toEqual([id, { follow: false, timestamps: false, tail: 2 }]);
  });

  it('passes container and previous to the agent and refuses a bad tailLines', async () => {
    await h.runningContainer('web', 'side');
    await get('/api/v1/namespaces/default/pods/web/log?container=side&previous=true');
    expect(h.api.resolveCalls.at(-1)).toEqual({ namespace: 'default', podName: 'web', container: 'side', previous: true });
    expect((await getJson('/api/v1/namespaces/default/pods/web/log?tailLines=-1')).status).toBe(400);
  });

  it('follows until the container stops', async () => {
    const id = await h.runningContainer('web');
    h.runtime.writeLog(id, 'before\n');
    const chunks: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request({ socketPath: h.socketPath, path: '/api/v1/namespaces/default/pods/web/log?follow=true' }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          chunks.push(chunk);
          if (chunk.includes('before')) h.runtime.writeLog(id, 'after\n');
          if (chunk.includes('after')) void h.runtime.stopContainer(id, 0);
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
    await h.runningContainer('web');
    let signal: AbortSignal | undefined;
    const logs = h.runtime.logs.bind(h.runtime);
    h.runtime.logs = (id, options, s) => {
      signal = s;
      return logs(id, options, s);
    };
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ socketPath: h.socketPath, path: '/api/v1/namespaces/default/pods/web/log?follow=1' }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    expect(signal?.aborted).toBe(false);
    res.destroy();
    await expect.poll(() => signal?.aborted).toBe(true);
  });
});

describe('parseLogQuery (what kubectl logs sends)', () => {
  const now = Date.parse('2026-01-01T00:01:00Z');
  const parse = (q: string) => parseLogQuery(new URLSearchParams(q), now);

  it.each([
    ['follow=true&tailLines=5&timestamps=true&container=side', { container: 'side', previous: false, options: { follow: true, timestamps: true, tail: 5 } }],
    ['previous=true', { container: undefined, previous: true, options: { follow: false, timestamps: false } }],
    ['sinceSeconds=30', { options: { follow: false, timestamps: false, sinceSeconds: 30 } }],
    ['sinceTime=2026-01-01T00:00:00Z', { options: { follow: false, timestamps: false, sinceSeconds: 60 } }],
    ['sinceTime=2026-01-01T00:00:30.5%2B00:00', { options: { follow: false, timestamps: false, sinceSeconds: 30 } }],
    ['sinceTime=2026-01-01T00:05:00Z', { options: { follow: false, timestamps: false, sinceSeconds: -240 } }],
    ['limitBytes=10', { limitBytes: 10 }],
  ])('%s', (q, expected) => {
    expect(parse(q)).toMatchObject(expected);
  });

  it.each([
    ['sinceSeconds=0', 'sinceSeconds: Invalid value'],
    ['sinceTime=yesterday', 'sinceTime: Invalid value: "yesterday"'],
    ['sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z', 'at most one of `sinceTime` or `sinceSeconds`'],
    ['limitBytes=0', 'limitBytes: Invalid value'],
    ['limitBytes=-3', 'limitBytes: Invalid value'],
  ])('refuses %s', (q, message) => {
    expect(parse(q)).toMatchObject({ code: 400, reason: 'BadRequest', message: expect.stringContaining(message) as unknown });
  });
});

describe('limitBytes', () => {
  beforeEach(() => {
    h.api.pods = [makeApiPod('web')];
  });

  it('ends the log after that many bytes', async () => {
    const id = await h.runningContainer('web');
    h.runtime.writeLog(id, 'one\ntwo\nthree\n');
    const { status, body } = await get('/api/v1/namespaces/default/pods/web/log?limitBytes=6');
    expect(status).toBe(200);
    expect(body).toBe('one\ntw');
  });
});
