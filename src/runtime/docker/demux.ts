import { PassThrough, type Readable, Transform } from 'node:stream';

/**
 * Docker multiplexes stdout/stderr of a non-TTY container into frames: 1 byte stream id, 3 zero
 * bytes, 4-byte big-endian length, payload. This strips the framing, keeping the order of output.
 */
export function demultiplex(): Transform {
  let pending: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        this.push(pending.subarray(8, 8 + size));
        pending = pending.subarray(8 + size);
      }
      done();
    },
  });
}

/** A finished (non-follow) log read comes back as one buffer; turn it into a readable of plain bytes. */
export function bufferToPlainStream(buffer: Buffer, multiplexed: boolean): Readable {
  const out = new PassThrough();
  if (multiplexed) {
    const demux = demultiplex();
    demux.pipe(out);
    demux.end(buffer);
  } else {
    out.end(buffer);
  }
  return out;
}
