/**
 * The server end of one SPDY/3.1 connection (moby/spdystream `connection.go`, as the kubelet runs
 * it for port-forward). The client opens streams (SYN_STREAM, odd ids); each is answered with a
 * SYN_REPLY and handed over as a Duplex: what the client sends is read from it, what is written
 * goes back in DATA frames, `end()` sends FIN, `destroy()` resets it. No flow control: spdystream
 * sends no WINDOW_UPDATE and ignores them.
 */
import { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  FLAG_FIN,
  MAX_FRAME_PAYLOAD,
  RstStatus,
  SpdyFrameDecoder,
  type SpdyFrame,
} from './spdy-frame.js';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './spdy-header-block.js';

export interface SpdyStream extends Duplex {
  readonly streamId: number;
  readonly headers: SpdyHeaders;
}

const GOAWAY_PROTOCOL_ERROR = 1;

export class SpdyServerSession {
  private readonly decoder = new SpdyFrameDecoder();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, Duplex>();
  /** Frames are handled one at a time, in order: header blocks share one zlib stream. */
  private handling: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;

  constructor(
    private readonly transport: Duplex,
    private readonly onStream: (stream: SpdyStream) => void,
    private readonly log: Logger,
  ) {
    transport.on('data', (chunk: Buffer) => this.receive(chunk));
    transport.on('error', (err) => log.debug({ err }, 'SPDY connection failed'));
    transport.on('close', () => this.shutdown());
    transport.on('end', () => this.shutdown());
  }

  /** Bytes the client sent with its upgrade request. */
  receive(chunk: Buffer): void {
    if (this.closed || chunk.length === 0) return;
    let frames: SpdyFrame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      return this.fail(err);
    }
    for (const frame of frames) {
      this.handling = this.handling.then(() => this.handle(frame)).catch((err: unknown) => this.fail(err));
    }
  }

  /** Ends the connection and every stream on it. */
  shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const stream of streams) stream.destroy();
    this.compressor.close();
    this.decompressor.close();
    this.transport.destroy();
  }

  private async handle(frame: SpdyFrame): Promise<void> {
    if (this.closed) return;
    switch (frame.type) {
      case 'synStream':
        return this.accept(frame.streamId, await this.decompressor.decompress(frame.headerBlock), (frame.flags & FLAG_FIN) !== 0);
      case 'headers':
        // Decompressed only to keep the shared zlib stream in step; port-forward sends none.
        await this.decompressor.decompress(frame.headerBlock);
        return;
      case 'synReply':
        return; // this server opens no streams
      case 'data': {
        const stream = this.streams.get(frame.streamId);
        if (stream === undefined) return; // already gone: spdystream drops these too
        // No per-stream flow control in SPDY as spdystream speaks it: a consumer that cannot keep
        // up pauses the whole connection until it reads again.
        if (frame.data.length > 0 && !stream.push(frame.data)) this.transport.pause();
        if ((frame.flags & FLAG_FIN) !== 0) stream.push(null);
        return;
      }
      case 'rstStream': {
        // Forgotten first, so its destruction sends no RST_STREAM back.
        const stream = this.streams.get(frame.streamId);
        this.streams.delete(frame.streamId);
        stream?.destroy();
        return;
      }
      case 'ping':
        // Odd ids are the client's: echo them. Even ones would answer pings this server never sends.
        if (frame.id % 2 === 1) this.write(encodePing(frame.id));
        return;
      case 'goAway':
        this.transport.end();
        return;
      case 'windowUpdate':
      case 'ignored':
        return;
    }
  }

  private async accept(streamId: number, headers: SpdyHeaders, fin: boolean): Promise<void> {
    if (streamId % 2 === 0 || streamId <= this.lastStreamId) {
      this.write(encodeRstStream(streamId, RstStatus.protocolError));
      return;
    }
    this.lastStreamId = streamId;
    this.write(encodeSynReply(streamId, await this.compressor.compress(new Map())));
    const stream = this.makeStream(streamId, headers);
    if (fin) stream.push(null);
    this.onStream(stream);
  }

  private makeStream(streamId: number, headers: SpdyHeaders): SpdyStream {
    let finished = false;
    const stream = new Duplex({
      read: () => void this.transport.resume(),
      write: (chunk: Buffer, _encoding, done) => {
        let flushed = true;
        for (let at = 0; at < chunk.length; at += MAX_FRAME_PAYLOAD) {
          flushed = this.write(encodeData(streamId, chunk.subarray(at, at + MAX_FRAME_PAYLOAD)));
        }
        // The writer (the pod's connection, piped) waits while the client is slow to read.
        if (flushed) done();
        else this.transport.once('drain', () => done());
      },
      final: (done) => {
        finished = true;
        this.write(encodeData(streamId, Buffer.alloc(0), FLAG_FIN));
        done();
      },
      destroy: (err, done) => {
        if (!finished && this.streams.has(streamId)) this.write(encodeRstStream(streamId, RstStatus.cancel));
        this.streams.delete(streamId);
        done(err);
      },
    });
    this.streams.set(streamId, stream);
    return Object.assign(stream, { streamId, headers });
  }

  /** false when the transport's buffer is full ('drain' follows). */
  private write(frame: Buffer): boolean {
    if (this.closed || !this.transport.writable) return true;
    return this.transport.write(frame);
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    this.log.debug({ err }, 'Closed a SPDY connection after a protocol error');
    this.write(encodeGoAway(this.lastStreamId, GOAWAY_PROTOCOL_ERROR));
    this.shutdown();
  }
}
