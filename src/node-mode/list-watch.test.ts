import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { KubeClient } from './kube-client.js';
import { type KubeItem, ListWatch } from './list-watch.js';
import { WatchLineSplitter } from './watch-lines.js';

/** A fake API server for the wire details only: each request is answered by the next scripted reply. */
type Reply = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function fakeServer(replies: Reply[]): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const reply = replies.shift();
    if (reply) reply(req, res);
    else res.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

const item = (uid: string, rv: string): KubeItem => ({ metadata: { uid, name: uid, resourceVersion: rv } });
const list = (rv: string, ...items: KubeItem[]): Reply => (_req, res) => res.end(JSON.stringify({ metadata: { resourceVersion: rv }, items }));
const log = pino({ level: 'silent' });

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('WatchLineSplitter', () => {
  it.each([
    ['one chunk, two lines', ['{"a":1}\n{"b":2}\n'], ['{"a":1}', '{"b":2}']],
    ['a line cut in two', ['{"a":', '1}\n'], ['{"a":1}']],
    ['a multi-byte character cut between chunks', [Buffer.from('{"a":"é"}\n').subarray(0, 7), Buffer.from('{"a":"é"}\n').subarray(7)], ['{"a":"é"}']],
    ['no newline yet', ['{"a":1}'], []],
    ['blank lines', ['\n\n{"a":1}\n\n'], ['{"a":1}']],
  ])('%s', (_name, chunks, expected) => {
    const splitter = new WatchLineSplitter();
    const lines = chunks.flatMap((c) => splitter.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
    expect(lines).toEqual(expected);
  });
});

describe('ListWatch', () => {
  it('lists, watches from the list resourceVersion, resumes a dropped watch from the last one seen, and lists again on 410 Gone', async () => {
    const server = await fakeServer([
      list('10', item('a', '5')),
      // The watch sends one event in two chunks, then drops.
      (_req, res) => {
        res.write('{"type":"ADDED","object":{"metadata":{"uid":"b","name":"b","resourceVersion":"11"}}}\n{"type":"DEL');
        setTimeout(() => res.end('ETED","object":{"metadata":{"uid":"a","name":"a","resourceVersion":"12"}}}\n'), 20);
      },
      // Resumed from 12: the server says that is too old (an ERROR event carrying a 410 Status).
      (_req, res) => res.end('{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version: 12 (40)"}}\n'),
      list('50', item('c', '45')),
    ]);
    cleanup.push(server.close);
    const client = new KubeClient({ server: server.url, insecure: false, token: 't' });
    const snapshots: string[][] = [];
    const lw = new ListWatch<KubeItem>({ client, path: '/api/v1/pods', query: { fieldSelector: 'spec.nodeName=n1' }, onSnapshot: (m) => snapshots.push([...m.keys()]), log });
    lw.start();
    // Generous: the unit project runs many files at once on 2 cores, and the re-list waits its back-off.
    // And the watch from the new list's resourceVersion: sent just after the snapshot.
    await waitUntil(() => snapshots.some((s) => s.join() === 'c') && server.seen.length >= 5, 20_000);
    await lw.stop();
    client.close();
    expect(snapshots.slice(0, 4)).toEqual([['a'], ['a', 'b'], ['b'], ['c']]);
    const paths = server.seen.map((s) => decodeURIComponent(s));
    expect(paths[0]).toBe('GET /api/v1/pods?fieldSelector=spec.nodeName=n1');
    expect(paths[1]).toContain('resourceVersion=10');
    expect(paths[1]).toContain('watch=1');
    expect(paths[2]).toContain('resourceVersion=12');
    expect(paths[3]).toBe('GET /api/v1/pods?fieldSelector=spec.nodeName=n1');
    expect(paths[4]).toContain('resourceVersion=50');
  });

  it('turns a Status reply into an ApiError with its code, reason and message', async () => {
    const server = await fakeServer([(_req, res) => { res.statusCode = 403; res.end(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'nodes "x" is forbidden' })); }]);
    cleanup.push(server.close);
    const client = new KubeClient({ server: server.url, insecure: false, token: 't' });
    const err = await client.get('/api/v1/nodes/x').catch((e: unknown) => e);
    client.close();
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 403, reason: 'Forbidden', detail: 'nodes "x" is forbidden' });
    expect((err as Error).message).toBe('GET /api/v1/nodes/x: 403 Forbidden: nodes "x" is forbidden');
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
