import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServerHarness, type ApiServerHarness } from '../../../test/helpers/api-server-harness.js';
import { makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';
import { decodeExit, encodeFrame, encodeResize, FrameDecoder, StreamId, type Frame } from '../exec-protocol.js';

let h: ApiServerHarness;
beforeEach(async () => {
  h = await startApiServerHarness();
});
afterEach(() => h.close());

describe('exec', () => {
  beforeEach(() => {
    h.api.pods = [makeApiPod('web')];
  });

  interface ExecResult {
    frames: Frame[];
    socket: Duplex;
    closed: Promise<void>;
  }

  function upgrade(query: string, send: Buffer[] = []): Promise<ExecResult | { status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
      const req = request({
        socketPath: h.socketPath,
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
    await h.runningContainer('web');
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
    await h.runningContainer('web');
    h.runtime.execHandler = ({ stdout, stderr }) => {
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
    expect(h.runtime.callsOf('exec')[0]?.[1]).toEqual({ cmd: ['sh', '-c', 'x'], stdin: false, tty: false });
  });

  it('forwards tty output raw as stdout and resizes the terminal', async () => {
    await h.runningContainer('web');
    let release = (): void => undefined;
    h.runtime.execHandler = async ({ stdout }) => {
      await new Promise<void>((resolve) => (release = resolve));
      stdout('prompt$ ');
      return 0;
    };
    const result = (await upgrade('command=sh&tty=true&stdin=true', [encodeResize({ cols: 120, rows: 40 })])) as ExecResult;
    await expect.poll(() => h.runtime.callsOf('resize')).toEqual([[expect.any(String), 120, 40]]);
    release();
    await result.closed;
    expect(result.frames.map((f) => f.stream)).toEqual([1, 3]);
  });

  it('refuses a container that is not running with a BadRequest Status', async () => {
    const id = await h.runningContainer('web');
    h.api.targets.set('default/web/main', { containerId: id, containerName: 'main', running: false });
    const result = await upgrade('command=ls');
    expect(result).toMatchObject({ status: 400, json: { kind: 'Status', message: 'container main is not running' } });
  });

  it('refuses an exec without a command and a missing pod', async () => {
    await h.runningContainer('web');
    expect(await upgrade('stdin=true')).toMatchObject({ status: 400, json: { reason: 'BadRequest' } });
    h.api.pods = [];
    expect(await upgrade('command=ls')).toMatchObject({ status: 404, json: { message: 'pods "web" not found' } });
  });

  it('lets go of the session when the client leaves, and keeps serving', async () => {
    await h.runningContainer('web');
    const result = (await upgrade('command=cat&stdin=true')) as ExecResult;
    await expect.poll(() => h.runtime.callsOf('exec').length).toBe(1);
    result.socket.destroy();
    await result.closed;
    const next = (await upgrade('command=echo&command=still-here')) as ExecResult;
    await next.closed;
    expect(next.frames[0]?.payload.toString()).toBe('still-here\n');
  });

  it('refuses a malformed client frame by closing the connection', async () => {
    await h.runningContainer('web');
    const result = (await upgrade('command=cat&stdin=true', [Buffer.from('not a frame at all')])) as ExecResult;
    await result.closed;
    expect(result.frames.some((f) => f.stream === StreamId.exit)).toBe(false);
  });
});
