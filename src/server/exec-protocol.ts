/**
 * The `minikubelet-exec` protocol: how `exec` travels over the agent's unix socket.
 *
 * The client sends `POST /api/v1/namespaces/{ns}/pods/{name}/exec?container=c&command=a&command=b
 * &stdin=true&tty=true` with `Connection: Upgrade` and `Upgrade: minikubelet-exec`. A request the
 * server refuses (unknown pod, container not running, no command) gets an ordinary HTTP response
 * with a Kubernetes `Status` body. Otherwise the server answers `101 Switching Protocols`
 * (`Upgrade: minikubelet-exec`) and both sides then exchange frames on the raw socket.
 *
 * A frame is Docker's multiplexed-stream frame (so Docker's non-tty exec output can be re-framed
 * byte for byte):
 *
 *     byte 0      stream id
 *     bytes 1-3   zero
 *     bytes 4-7   payload length, unsigned 32-bit big-endian
 *     bytes 8-    payload
 *
 * Server → client:
 *   1 stdout bytes (all output when tty)   2 stderr bytes
 *   3 exit status, JSON `{"exitCode": n}` (`null` when the engine did not say, plus `message` when
 *     the session failed). Always the last frame; the server closes the socket after it.
 * Client → server:
 *   0 stdin bytes (ignored unless `stdin=true`)   4 stdin closed (EOF)
 *   5 terminal resize, JSON `{"cols": n, "rows": n}`
 *
 * Kubernetes uses SPDY or WebSocket channels for the same job (`remotecommand`); this framing is the
 * smallest thing that carries the same streams over a plain unix socket.
 */

export const EXEC_UPGRADE_PROTOCOL = 'minikubelet-exec';

export const StreamId = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  exit: 3,
  stdinEnd: 4,
  resize: 5,
} as const;

export interface Frame {
  stream: number;
  payload: Buffer;
}

export interface ExitStatus {
  exitCode: number | null;
  message?: string;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

const HEADER_BYTES = 8;
/** A frame this large is a protocol error, not output: refuse it rather than buffer it. */
const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export class ExecProtocolError extends Error {
  override name = 'ExecProtocolError';
}

export function encodeFrame(stream: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

export function encodeExit(status: ExitStatus): Buffer {
  return encodeFrame(StreamId.exit, JSON.stringify(status));
}

export function encodeResize(size: TerminalSize): Buffer {
  return encodeFrame(StreamId.resize, JSON.stringify({ cols: size.cols, rows: size.rows }));
}

export function decodeExit(payload: Buffer): ExitStatus {
  const value = parseJson(payload) as Partial<ExitStatus>;
  const exitCode = typeof value.exitCode === 'number' ? value.exitCode : null;
  return typeof value.message === 'string' ? { exitCode, message: value.message } : { exitCode };
}

export function decodeResize(payload: Buffer): TerminalSize {
  const value = parseJson(payload) as Partial<TerminalSize>;
  if (!isDimension(value.cols) || !isDimension(value.rows)) {
    throw new ExecProtocolError('resize frame needs positive integer "cols" and "rows"');
  }
  return { cols: value.cols, rows: value.rows };
}

/** Reassembles frames from arbitrary chunks of the byte stream. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** The frames completed by this chunk; throws ExecProtocolError on a malformed header. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      if (this.pending[1] !== 0 || this.pending[2] !== 0 || this.pending[3] !== 0) {
        throw new ExecProtocolError('malformed frame header');
      }
      const size = this.pending.readUInt32BE(4);
      if (size > MAX_PAYLOAD_BYTES) throw new ExecProtocolError(`frame of ${size} bytes is too large`);
      if (this.pending.length < HEADER_BYTES + size) break;
      frames.push({
        stream: this.pending.readUInt8(0),
        payload: this.pending.subarray(HEADER_BYTES, HEADER_BYTES + size),
      });
      this.pending = this.pending.subarray(HEADER_BYTES + size);
    }
    return frames;
  }

  /** Bytes of an unfinished frame, left over at the end of the stream. */
  get bufferedBytes(): number {
    return this.pending.length;
  }
}

function parseJson(payload: Buffer): unknown {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // reported below
  }
  throw new ExecProtocolError('frame payload is not a JSON object');
}

function isDimension(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}
