import { Duplex, PassThrough } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { TerminalSize } from './channel-protocol.js';
import type { StartedSession } from './remote-command-session.js';
import { encodeData, encodeSynStream, FLAG_FIN, SpdyFrameDecoder, type SpdyFrame } from './spdy-frame.js';
import { HeaderCompressor } from './spdy-header-block.js';
import { runSpdyRemoteCommand } from './spdy-remote-command.js';

const log = pino({ level: 'silent' });

/** The client's end: what it sends is pushed to the server, what the server writes is decoded. */
function connection() {
  const written: Buffer[] = [];
  const transport = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk);
      done();
    },
  });
  const compressor = new HeaderCompressor();
  let nextId = 1;
  const open = async (streamType: string, fin = false): Promise<number> => {
    const id = nextId;
    nextId += 2;
    transport.push(encodeSynStream(id, await compressor.compress(new Map([['streamtype', [streamType]]])), fin ? FLAG_FIN : 0));
    return id;
  };
  const frames = (): SpdyFrame[] => new SpdyFrameDecoder().push(Buffer.concat(written));
  const dataOf = (id: number): string =>
    frames()
      .filter((f): f is Extract<SpdyFrame, { type: 'data' }> => f.type === 'data' && f.streamId === id)
      .map((f) => f.data.toString())
      .join('');
  const finished = (id: number): boolean => frames().some((f) => f.type === 'data' && f.streamId === id && (f.flags & FLAG_FIN) !== 0);
  return { transport, open, dataOf, finished, close: () => compressor.close() };
}

/** A process whose output the test writes (`output`); it records the size it started with, resizes and input. */
function fakeProcess(exitCode: number) {
  const output = new PassThrough();
  const input: Buffer[] = [];
  const sink = new PassThrough().on('data', (c: Buffer) => input.push(c));
  const resizes: [number, number][] = [];
  const starts: (TerminalSize | undefined)[] = [];
  const start = async (size?: TerminalSize): Promise<StartedSession> => {
    starts.push(size);
    return {
      session: { stream: Duplex.from({ readable: output, writable: sink }), resize: async (cols, rows) => void resizes.push([cols, rows]) },
      outcome: async () => ({ exitCode, command: ['sh'] }),
    };
  };
  return { start, output, input, resizes, starts };
}

describe('exec over SPDY', () => {
  it('starts a tty process with the first size, passes later resizes and stdin on, and ends with the Status and FINs', async () => {
    const client = connection();
    const process = fakeProcess(0);
    runSpdyRemoteCommand({
      transport: client.transport, head: Buffer.alloc(0), protocol: 'v4.channel.k8s.io', log,
      streams: { stdin: true, stdout: true, stderr: false, tty: true },
      start: process.start,
    });
    const error = await client.open('error', true);
    const stdin = await client.open('stdin');
    const stdout = await client.open('stdout', true);
    const resize = await client.open('resize');
    expect(process.starts).toEqual([]);
    client.transport.push(encodeData(resize, Buffer.from('{"Width":100,"Height":40}\n{"Width":120,')));
    await expect.poll(() => process.starts).toEqual([{ width: 100, height: 40 }]);
    client.transport.push(encodeData(resize, Buffer.from('"Height":50}\n')));
    client.transport.push(encodeData(stdin, Buffer.from('typed')));
    await expect.poll(() => process.resizes).toEqual([[120, 50]]);
    await expect.poll(() => Buffer.concat(process.input).toString()).toBe('typed');
    process.output.end('hi\r\n');
    await expect.poll(() => client.finished(error)).toBe(true);
    expect(client.dataOf(stdout)).toBe('hi\r\n');
    expect(JSON.parse(client.dataOf(error))).toEqual({ metadata: {}, status: 'Success' });
    expect(client.finished(stdout)).toBe(true);
    client.close();
  });

  it('under v2, starts without waiting for a resize stream and writes only a failure, as text', async () => {
    const client = connection();
    const process = fakeProcess(3);
    runSpdyRemoteCommand({
      transport: client.transport, head: Buffer.alloc(0), protocol: 'v2.channel.k8s.io', log,
      streams: { stdin: false, stdout: true, stderr: false, tty: true },
      start: process.start,
    });
    const error = await client.open('error', true);
    await client.open('stdout', true);
    await expect.poll(() => process.starts).toEqual([undefined]);
    process.output.end();
    await expect.poll(() => client.finished(error)).toBe(true);
    expect(client.dataOf(error)).toBe('command terminated with non-zero exit code: error executing command [sh], exit code 3');
    client.close();
  });

  it('gives up on a client that does not open the streams asked for', async () => {
    const client = connection();
    const process = fakeProcess(0);
    runSpdyRemoteCommand({
      transport: client.transport, head: Buffer.alloc(0), protocol: 'v4.channel.k8s.io', log, streamCreationTimeoutMs: 50,
      streams: { stdin: false, stdout: true, stderr: true, tty: false }, start: process.start,
    });
    await client.open('error', true);
    await client.open('stdout', true);
    await expect.poll(() => client.transport.destroyed).toBe(true);
    expect(process.starts).toEqual([]);
    client.close();
  });
});
