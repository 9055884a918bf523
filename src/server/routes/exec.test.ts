import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startApiServerHarness, type ApiServerHarness } from '../../../test/helpers/api-server-harness.js';
import { makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';

let h: ApiServerHarness;
beforeEach(async () => {
  h = await startApiServerHarness();
  h.api.pods = [makeApiPod('web')];
});
afterEach(() => h.close());

interface Session {
  ws: WebSocket;
  /** [channel, payload] of every message received, in order. */
  messages: [number, string][];
  closed: Promise<number>;
  send(channel: number, data?: string): void;
}

/** A kubectl-like client: raw channel messages, so the test sees the wire. */
function open(path: string, protocols = ['v5.channel.k8s.io']): Promise<Session | { status: number; json: { message: string; reason: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws+unix://${h.socketPath}:/api/v1/namespaces/default/pods/web/${path}`, protocols);
    const messages: [number, string][] = [];
    ws.on('message', (data: Buffer) => messages.push([data[0] ?? -1, data.subarray(1).toString()]));
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.once('open', () =>
      resolve({ ws, messages, closed, send: (channel, data = '') => ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)])) }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) as { message: string; reason: string } }));
    });
    ws.once('error', reject);
  });
}

const statusOf = (s: Session): unknown => JSON.parse(s.messages.find(([c]) => c === 3)?.[1] ?? 'null');
const channel = (s: Session, n: number): string => s.messages.filter(([c]) => c === n).map(([, d]) => d).join('');

describe('exec over v5.channel.k8s.io', () => {
  it('round-trips stdin to stdout, half-closes stdin on [255, 0], and ends with a Success Status', async () => {
    await h.runningContainer('web');
    const s = (await open('exec?command=cat&stdin=true&stdout=true&stderr=true')) as Session;
    expect(s.ws.protocol).toBe('v5.channel.k8s.io');
    s.send(0, 'hello ');
    s.send(0, 'world');
    s.ws.send(Buffer.from([255, 0]));
    expect(await s.closed).toBe(1000);
    expect(channel(s, 1)).toBe('hello world');
    expect(s.messages[0]).toEqual([1, '']); // the kubelet's "ready" message
    expect(s.messages.at(-1)?.[0]).toBe(3);
    expect(statusOf(s)).toEqual({ metadata: {}, status: 'Success' });
  });

  it('keeps stderr on channel 2 and reports a non-zero exit as NonZeroExitCode with an ExitCode cause', async () => {
    await h.runningContainer('web');
    h.runtime.execHandler = ({ stdout, stderr }) => {
      stdout('out\n');
      stderr('err\n');
      return 3;
    };
    const s = (await open('exec?command=sh&command=-c&command=exit+3')) as Session;
    await s.closed;
    expect([channel(s, 1), channel(s, 2)]).toEqual(['out\n', 'err\n']);
    expect(statusOf(s)).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
    expect(h.runtime.callsOf('exec')[0]?.[1]).toEqual({ cmd: ['sh', '-c', 'exit 3'], stdin: false, tty: false });
  });

  it('drops the streams the client did not ask for', async () => {
    await h.runningContainer('web');
    h.runtime.execHandler = ({ stdout, stderr }) => {
      stdout('out');
      stderr('err');
      return 0;
    };
    const s = (await open('exec?command=x&stdout=false&stderr=true')) as Session;
    await s.closed;
    expect([channel(s, 1), channel(s, 2)]).toEqual(['', 'err']);
  });

  it('sends tty output raw on stdout and passes resizes to the engine', async () => {
    await h.runningContainer('web');
    let release = (): void => undefined;
    h.runtime.execHandler = async ({ stdout }) => {
      await new Promise<void>((resolve) => (release = resolve));
      stdout('prompt$ ');
      return 0;
    };
    const s = (await open('exec?command=sh&tty=true&stdin=true&stderr=true')) as Session;
    s.send(4, '{"Width":120,"Height":40}\n');
    await expect.poll(() => h.runtime.callsOf('resize')).toEqual([[expect.any(String), 120, 40]]);
    release();
    await s.closed;
    expect(channel(s, 1)).toBe('prompt$ ');
    expect(h.runtime.callsOf('exec')[0]?.[1]).toEqual({ cmd: ['sh'], stdin: true, tty: true, initialSize: { cols: 120, rows: 40 } });
  });

  it('starts a tty process once the client has sent its terminal size, and sizes it at once', async () => {
    await h.runningContainer('web');
    const s = (await open('exec?command=sh&tty=true&stdin=true')) as Session;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(h.runtime.callsOf('exec')).toHaveLength(0);
    s.send(4, '{"Width":91,"Height":27}\n');
    await expect.poll(() => h.runtime.callsOf('resize')).toEqual([[expect.any(String), 91, 27]]);
    expect(h.runtime.callsOf('exec')).toHaveLength(1);
    s.ws.send(Buffer.from([255, 0]));
    await s.closed;
  });

  it('speaks v4 to older clients (no close signal: stdin ends with the connection)', async () => {
    await h.runningContainer('web');
    const s = (await open('exec?command=echo&command=hi', ['v4.channel.k8s.io'])) as Session;
    await s.closed;
    expect(s.ws.protocol).toBe('v4.channel.k8s.io');
    expect(channel(s, 1)).toBe('hi\n');
  });

  it('refuses before upgrading: no command, missing pod, container not running, no shared subprotocol', async () => {
    const id = await h.runningContainer('web');
    expect(await open('exec?stdin=true')).toMatchObject({ status: 400, json: { message: 'you must specify at least 1 command' } });
    expect(await open('exec?command=ls', ['channel.k8s.io'])).toMatchObject({ status: 400, json: { message: expect.stringMatching(/v5\.channel\.k8s\.io/) } });
    h.api.targets.set('default/web/main', { containerId: id, containerName: 'main', running: false });
    expect(await open('exec?command=ls')).toMatchObject({ status: 400, json: { message: 'container main is not running in pod default/web' } });
    h.api.pods = [];
    expect(await open('exec?command=ls')).toMatchObject({ status: 404, json: { message: 'pods "web" not found' } });
  });

  it('lets go of the session when the client leaves, and keeps serving', async () => {
    await h.runningContainer('web');
    const s = (await open('exec?command=cat&stdin=true')) as Session;
    await expect.poll(() => h.runtime.callsOf('exec').length).toBe(1);
    s.ws.terminate();
    await s.closed;
    const next = (await open('exec?command=echo&command=still-here')) as Session;
    await next.closed;
    expect(channel(next, 1)).toBe('still-here\n');
  });

  it('closes with a protocol error on a malformed resize, without a Status', async () => {
    await h.runningContainer('web');
    const s = (await open('exec?command=cat&stdin=true&tty=true')) as Session;
    s.send(4, 'not json');
    expect(await s.closed).toBe(1002);
    expect(s.messages.some(([c]) => c === 3)).toBe(false);
  });
});

describe('attach', () => {
  it('joins the main process: stdin when the container keeps it open, output back', async () => {
    await h.runningContainer('web');
    const pod = makeApiPod('web');
    pod.spec.containers[0]!.stdin = true;
    h.api.pods = [pod];
    const s = (await open('attach?container=main&stdin=true&stdout=true&stderr=true')) as Session;
    s.send(0, 'typed');
    s.ws.send(Buffer.from([255, 0]));
    await s.closed;
    expect(channel(s, 1)).toBe('typed');
    expect(statusOf(s)).toEqual({ metadata: {}, status: 'Success' });
    expect(h.runtime.callsOf('attach')[0]?.[1]).toEqual({ stdin: true, tty: false });
  });

  it('follows the container spec for the terminal: a tty container attaches as a tty, without stderr', async () => {
    await h.runningContainer('web');
    const pod = makeApiPod('web');
    pod.spec.containers[0]!.tty = true;
    h.api.pods = [pod];
    const s = (await open('attach?stdout=true&stderr=true')) as Session;
    s.send(4, '{"Width":80,"Height":24}\n');
    await expect.poll(() => h.runtime.callsOf('attach')).toEqual([[expect.any(String), { stdin: false, tty: true }]]);
    await s.closed;
  });

  it('refuses stdin for a container that does not keep it open, saying what to set', async () => {
    await h.runningContainer('web');
    expect(await open('attach?stdin=true')).toMatchObject({ status: 400, json: { message: expect.stringMatching(/does not keep stdin open: set stdin: true/) } });
  });

  it('gives the same reason to kubectl\'s SPDY retry, so kubectl prints it rather than the protocol', async () => {
    await h.runningContainer('web');
    const status = await new Promise<{ code: number | undefined; body: string }>((resolve, reject) => {
      const req = request({
        socketPath: h.socketPath,
        method: 'POST',
        path: '/api/v1/namespaces/default/pods/web/attach?stdin=true',
        headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ code: res.statusCode, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status.code).toBe(400);
    expect(status.body).toMatch(/does not keep stdin open/);
  });
});
