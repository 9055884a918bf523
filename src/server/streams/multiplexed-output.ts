/**
 * Docker's multiplexed output (non-tty exec and attach): frames of `[stream, 0, 0, 0, size(4, BE)]`
 * then `size` bytes, stream 1 stdout and 2 stderr. The decoder reassembles frames torn across
 * chunks, so a frame reaches the client whole and on its own channel.
 */

export interface OutputFrame {
  stream: number;
  payload: Buffer;
}

const HEADER_BYTES = 8;
/** Larger than any frame the engine writes: a header claiming more is corruption, not output. */
const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export class MultiplexedOutputError extends Error {
  override name = 'MultiplexedOutputError';
}

export class MultiplexedOutputDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** The frames this chunk completes; throws MultiplexedOutputError on a malformed header. */
  push(chunk: Buffer): OutputFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: OutputFrame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      if (this.pending[1] !== 0 || this.pending[2] !== 0 || this.pending[3] !== 0) {
        throw new MultiplexedOutputError('malformed output frame header from the engine');
      }
      const size = this.pending.readUInt32BE(4);
      if (size > MAX_PAYLOAD_BYTES) throw new MultiplexedOutputError(`output frame of ${size} bytes from the engine is too large`);
      if (this.pending.length < HEADER_BYTES + size) break;
      frames.push({ stream: this.pending.readUInt8(0), payload: this.pending.subarray(HEADER_BYTES, HEADER_BYTES + size) });
      this.pending = this.pending.subarray(HEADER_BYTES + size);
    }
    return frames;
  }
}

