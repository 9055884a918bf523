/**
 * The client end of a SPDY/3.1 connection to the kubelet port, as client-go's spdy round tripper
 * and moby/spdystream dial it: an HTTPS request with `Upgrade: SPDY/3.1`, then streams opened by
 * SYN_STREAM with header blocks (streamType, port, requestID). Enough for exec, attach and
 * port-forward tests; no flow control (spdystream sends none).
 */
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import {
  encodeData,
  encodeSynStream,
  FLAG_FIN,
  SpdyFrameDecoder,
  type SpdyFrame,
} from '../../src/server/streams/spdy-frame.js';
import { HeaderCompressor, HeaderDecompressor } from '../../src/server/streams/spdy-header-block.js';

export interface UpgradeAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body of a refusal (not 101). */
  body: string;
  client?: SpdyClient;
}

export class SpdyClientStream {
  readonly chunks: Buffer[] = [];
  finished = false;
  reset = false;
  private readonly done: Promise<void>;
  private settle!: () => void;

  constructor(
    readonly id: number,
    private readonly socket: TLSSocket,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  write(data: string | Buffer): void {
    this.socket.write(encodeData(this.id, Buffer.from(data)));
  }

  /** Half-closes: a FIN data frame. */
  end(): void {
    this.socket.write(encodeData(this.id, Buffer.alloc(0), FLAG_FIN));
  }

  text(): string {
    return Buffer.concat(this.chunks).toString();
  }

  /** Resolves once the server ends its half (FIN) or resets the stream. */
  ended(): Promise<void> {
    return this.done;
  }

  /** @internal */
  receive(frame: SpdyFrame): void {
    if (frame.type === 'data') {
      if (frame.data.length > 0) this.chunks.push(frame.data);
      if ((frame.flags & FLAG_FIN) !== 0) this.finish();
    } else if (frame.type === 'synReply' && (frame.flags & FLAG_FIN) !== 0) this.finish();
    else if (frame.type === 'rstStream') {
      this.reset = true;
      this.finish();
    }
  }

  /** @internal */
  finish(): void {
    this.finished = true;
    this.settle();
  }
}

export class SpdyClient {
  private readonly decoder = new SpdyFrameDecoder();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyClientStream>();
  private nextId = 1;
  private handling: Promise<void> = Promise.resolve();
  readonly closed: Promise<void>;

  constructor(readonly socket: TLSSocket, first: Buffer) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => {
      for (const stream of this.streams.values()) stream.finish();
      this.compressor.close();
      this.decompressor.close();
    });
    this.receive(first);
  }

  /** Opens a stream with these headers (SYN_STREAM); `fin` when the client sends nothing on it. */
  async open(headers: Record<string, string>, fin = false): Promise<SpdyClientStream> {
    const id = this.nextId;
    this.nextId += 2;
    const stream = new SpdyClientStream(id, this.socket);
    this.streams.set(id, stream);
    const block = await this.compressor.compress(new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])));
    this.socket.write(encodeSynStream(id, block, fin ? FLAG_FIN : 0));
    return stream;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.decoder.push(chunk)) {
      this.handling = this.handling.then(async () => {
        // Header blocks share one zlib stream: every one is decompressed, in order.
        if (frame.type === 'synReply' || frame.type === 'headers' || frame.type === 'synStream') await this.decompressor.decompress(frame.headerBlock);
        if (frame.type === 'data' || frame.type === 'synReply' || frame.type === 'rstStream') this.streams.get(frame.streamId)?.receive(frame);
      });
    }
  }
}

/** Sends `method path` with `headers` and Upgrade: SPDY/3.1 over TLS; resolves with the answer, and the client on 101. */
export function spdyUpgrade(
  tls: ConnectionOptions & { host: string; port: number },
  path: string,
  headers: Record<string, string | string[]>,
  method = 'POST',
): Promise<UpgradeAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ rejectUnauthorized: false, ...tls });
    let buffered = Buffer.alloc(0);
    const lines = [`${method} ${path} HTTP/1.1`, `Host: ${tls.host}:${tls.port}`, 'Connection: Upgrade', 'Upgrade: SPDY/3.1'];
    for (const [name, value] of Object.entries(headers)) for (const v of [value].flat()) lines.push(`${name}: ${v}`);
    socket.once('secureConnect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('error', reject);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...headerLines] = buffered.subarray(0, end).toString().split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      const answerHeaders = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const rest = buffered.subarray(end + 4);
      socket.off('data', onData);
      if (status === 101) return resolve({ status, headers: answerHeaders, body: '', client: new SpdyClient(socket, rest) });
      const body: Buffer[] = [rest];
      socket.on('data', (more: Buffer) => body.push(more));
      socket.once('close', () => resolve({ status, headers: answerHeaders, body: Buffer.concat(body).toString() }));
    };
    socket.on('data', onData);
  });
}
