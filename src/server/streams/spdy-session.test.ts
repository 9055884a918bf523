import { Duplex } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { encodePing, encodeRstStream, encodeSynStream, FLAG_FIN, SpdyFrameDecoder, type SpdyFrame } from './spdy-frame.js';
import { HeaderCompressor, HeaderDecompressor } from './spdy-header-block.js';
import { SpdyServerSession, type SpdyStream } from './spdy-session.js';
import { KUBECTL_BYTES } from './testing/kubectl-port-forward-frames.js';

/** The client's side of the connection: what it sends is pushed, what the server writes is kept. */
function connection() {
  const written: Buffer[] = [];
  const transport = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk);
      done();
    },
  });
  const frames = (): SpdyFrame[] => new SpdyFrameDecoder().push(Buffer.concat(written));
  return { transport, frames };
}

function readAll(stream: SpdyStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.on('end', () => resolve(text));
  });
}

const log = pino({ level: 'silent' });
/** kubectl's first frame, the error stream's SYN_STREAM: an 8-byte header and 62 bytes. */
const ERROR_STREAM_SYN = 70;

describe('a SPDY server session', () => {
  it('accepts kubectl\'s streams with their headers, answers each with SYN_REPLY, and carries data both ways', async () => {
    const { transport, frames } = connection();
    const streams: SpdyStream[] = [];
    new SpdyServerSession(transport, (s) => streams.push(s), log);
    transport.push(KUBECTL_BYTES);
    await expect.poll(() => streams.length).toBe(2);
    expect(streams.map((s) => [s.streamId, s.headers.get('streamtype')?.[0], s.headers.get('port')?.[0]])).toEqual([
      [1, 'error', '8080'],
      [3, 'data', '8080'],
    ]);
    const [errorStream, dataStream] = streams as [SpdyStream, SpdyStream];
    expect(await readAll(errorStream)).toBe('');
    expect(await readAll(dataStream)).toMatch(/^GET \/ HTTP\/1\.1\r\n[\s\S]*\r\n\r\n$/);

    dataStream.end('HTTP/1.0 200 OK\r\n\r\nhello');
    errorStream.end();
    await expect.poll(() => frames().length).toBe(5);
    const replies = frames().filter((f): f is Extract<SpdyFrame, { type: 'synReply' }> => f.type === 'synReply');
    expect(replies.map((f) => f.streamId)).toEqual([1, 3]);
    const decompressor = new HeaderDecompressor();
    for (const reply of replies) expect((await decompressor.decompress(reply.headerBlock)).size).toBe(0);
    decompressor.close();
    expect(frames().filter((f) => f.type === 'data').map((f) => [f.streamId, f.flags, f.data.toString()])).toEqual([
      [3, 0, 'HTTP/1.0 200 OK\r\n\r\nhello'],
      [3, FLAG_FIN, ''],
      [1, FLAG_FIN, ''],
    ]);
  });

  it('echoes the client\'s pings and drops a stream the client resets, telling nobody', async () => {
    const { transport, frames } = connection();
    const streams: SpdyStream[] = [];
    new SpdyServerSession(transport, (s) => streams.push(s), log);
    transport.push(KUBECTL_BYTES.subarray(0, ERROR_STREAM_SYN)); // the error stream's SYN_STREAM only
    await expect.poll(() => streams.length).toBe(1);
    const closed = new Promise((resolve) => streams[0]!.once('close', resolve));
    transport.push(Buffer.concat([encodePing(5), encodePing(6), encodeRstStream(1, 5)]));
    await closed;
    await expect.poll(() => frames().map((f) => f.type)).toEqual(['synReply', 'ping']);
    expect(frames()[1]).toEqual({ type: 'ping', id: 5 });
  });

  it('answers a protocol error with GOAWAY and closes the connection and its streams', async () => {
    const { transport, frames } = connection();
    const streams: SpdyStream[] = [];
    new SpdyServerSession(transport, (s) => streams.push(s), log);
    transport.push(KUBECTL_BYTES.subarray(0, ERROR_STREAM_SYN));
    await expect.poll(() => streams.length).toBe(1);
    transport.push(Buffer.from('8002000600000004 00000001'.replaceAll(' ', ''), 'hex')); // SPDY/2
    await expect.poll(() => transport.destroyed).toBe(true);
    expect(streams[0]!.destroyed).toBe(true);
    expect(frames().at(-1)).toEqual({ type: 'goAway', lastGoodStreamId: 1, status: 1 });
  });

  it('refuses a stream id the client may not use (even, or not increasing) with RST_STREAM', async () => {
    const { transport, frames } = connection();
    const streams: SpdyStream[] = [];
    new SpdyServerSession(transport, (s) => streams.push(s), log);
    const client = new HeaderCompressor();
    const headers = new Map([['streamtype', ['data']]]);
    for (const id of [2, 1, 1]) transport.push(encodeSynStream(id, await client.compress(headers)));
    client.close();
    await expect.poll(() => frames().map((f) => [f.type, 'streamId' in f ? f.streamId : 0])).toEqual([
      ['rstStream', 2],
      ['synReply', 1],
      ['rstStream', 1],
    ]);
    expect(streams.map((s) => s.streamId)).toEqual([1]);
  });
});
