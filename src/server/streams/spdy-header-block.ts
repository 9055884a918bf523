/**
 * SPDY/3 header blocks: `[count(32)] ([name length(32)] [name] [value length(32)] [value])*`,
 * names lower-case, several values of one name joined by NUL; the whole block compressed by one
 * zlib stream per direction, primed with the SPDY dictionary and flushed (Z_SYNC_FLUSH) after
 * every block. A block must be compressed and decompressed in frame order: each class below
 * serializes its calls.
 */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY_HEADER_DICTIONARY } from './spdy-dictionary.js';
import { SpdyProtocolError } from './spdy-frame.js';

/** Header names (lower-case) to their values. */
export type SpdyHeaders = Map<string, string[]>;

/** A decompressed block larger than this is refused rather than buffered. */
const MAX_HEADER_BLOCK_BYTES = 64 * 1024;

export function encodeHeaderPairs(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [u32(headers.size)];
  for (const [name, values] of headers) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(values.join('\0'));
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderPairs(block: Buffer): SpdyHeaders {
  if (block.length < 4) throw new SpdyProtocolError('header block has no count');
  const headers: SpdyHeaders = new Map();
  let at = 4;
  const take = (): Buffer => {
    if (at + 4 > block.length) throw new SpdyProtocolError('header block ends inside a length');
    const length = block.readUInt32BE(at);
    if (at + 4 + length > block.length) throw new SpdyProtocolError('header block ends inside a name or value');
    const bytes = block.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return bytes;
  };
  const count = block.readUInt32BE(0);
  for (let i = 0; i < count; i++) {
    const name = take().toString();
    const values = take().toString().split('\0');
    if (name.length === 0 || name !== name.toLowerCase()) throw new SpdyProtocolError(`header name "${name}" is empty or not lower-case`);
    if (headers.has(name)) throw new SpdyProtocolError(`header "${name}" appears twice`);
    headers.set(name, values);
  }
  return headers;
}

function u32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value, 0);
  return buf;
}

/** Runs zlib calls one after another, each write flushed and its output collected. */
class SyncFlushed {
  private queue: Promise<unknown> = Promise.resolve();
  private output: Buffer[] = [];
  private size = 0;
  private failure: Error | undefined;

  constructor(private readonly zlib: Deflate | Inflate) {
    zlib.on('data', (chunk: Buffer) => {
      this.output.push(chunk);
      this.size += chunk.length;
    });
    zlib.on('error', (err) => (this.failure = err));
  }

  run(input: Buffer): Promise<Buffer> {
    const result = this.queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const refuse = (err: Error): void => reject(new SpdyProtocolError(`header block is not valid zlib data: ${err.message}`));
          if (this.failure) return refuse(this.failure);
          // A failing zlib stream never calls the flush callback: its error settles the call.
          this.zlib.once('error', refuse);
          this.zlib.write(input);
          this.zlib.flush(constants.Z_SYNC_FLUSH, () => {
            this.zlib.off('error', refuse);
            const out = Buffer.concat(this.output, this.size);
            this.output = [];
            this.size = 0;
            if (out.length > MAX_HEADER_BLOCK_BYTES) reject(new SpdyProtocolError('header block is too large'));
            else resolve(out);
          });
        }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.zlib.destroy();
  }
}

export class HeaderCompressor {
  private readonly zlib = new SyncFlushed(createDeflate({ dictionary: SPDY_HEADER_DICTIONARY }));

  compress(headers: SpdyHeaders): Promise<Buffer> {
    return this.zlib.run(encodeHeaderPairs(headers));
  }

  close(): void {
    this.zlib.close();
  }
}

export class HeaderDecompressor {
  private readonly zlib = new SyncFlushed(createInflate({ dictionary: SPDY_HEADER_DICTIONARY }));

  async decompress(block: Buffer): Promise<SpdyHeaders> {
    return decodeHeaderPairs(await this.zlib.run(block));
  }

  close(): void {
    this.zlib.close();
  }
}
