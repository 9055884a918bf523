/**
 * SPDY/3.1 frames (SPDY/3 draft §2.2; moby/spdystream `spdy/read.go`, `write.go`), the framing
 * kubectl's port-forward runs over (plain or tunnelled in a WebSocket). Pure: header blocks stay
 * compressed here (`spdy-header-block.ts` compresses them, in frame order).
 *
 *   control: [1 | version(15)=3] [type(16)] [flags(8)] [length(24)] [payload]
 *   data:    [0 | stream id(31)]            [flags(8)] [length(24)] [payload]
 */

export const SPDY_VERSION = 3;

export const FrameType = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goAway: 7,
  headers: 8,
  windowUpdate: 9,
} as const;

/** FLAG_FIN on data, SYN_STREAM, SYN_REPLY and HEADERS frames: the sender's half of the stream ends. */
export const FLAG_FIN = 0x01;

/** RST_STREAM status codes used here. */
export const RstStatus = { protocolError: 1, invalidStream: 2, refusedStream: 3, cancel: 5, internalError: 6 } as const;

export type SpdyFrame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | { type: 'synStream'; streamId: number; associatedId: number; priority: number; flags: number; headerBlock: Buffer }
  | { type: 'synReply'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'headers'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'rstStream'; streamId: number; status: number }
  | { type: 'ping'; id: number }
  | { type: 'goAway'; lastGoodStreamId: number; status: number }
  | { type: 'windowUpdate'; streamId: number; delta: number }
  /** SETTINGS and anything unknown: skipped, as the draft says an unknown control frame must be. */
  | { type: 'ignored'; controlType: number };

const HEADER_BYTES = 8;
/** The largest payload a frame's 24-bit length can say. */
export const MAX_FRAME_PAYLOAD = 0xffffff;
const STREAM_ID_MASK = 0x7fffffff;

export class SpdyProtocolError extends Error {
  override name = 'SpdyProtocolError';
}

/** Cuts the byte stream into frames, whatever the chunking. */
export class SpdyFrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SpdyFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: SpdyFrame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const length = this.pending.readUIntBE(5, 3);
      if (this.pending.length < HEADER_BYTES + length) break;
      const frame = this.pending.subarray(0, HEADER_BYTES + length);
      this.pending = this.pending.subarray(HEADER_BYTES + length);
      frames.push(decodeFrame(frame));
    }
    return frames;
  }
}

function decodeFrame(frame: Buffer): SpdyFrame {
  const flags = frame.readUInt8(4);
  const payload = frame.subarray(HEADER_BYTES);
  if ((frame.readUInt8(0) & 0x80) === 0) {
    return { type: 'data', streamId: frame.readUInt32BE(0) & STREAM_ID_MASK, flags, data: payload };
  }
  const version = frame.readUInt16BE(0) & 0x7fff;
  if (version !== SPDY_VERSION) throw new SpdyProtocolError(`SPDY version ${version} is not supported (only 3)`);
  const controlType = frame.readUInt16BE(2);
  const need = (bytes: number): void => {
    if (payload.length < bytes) throw new SpdyProtocolError(`control frame ${controlType} is too short (${payload.length} bytes)`);
  };
  const streamId = (): number => payload.readUInt32BE(0) & STREAM_ID_MASK;
  switch (controlType) {
    case FrameType.synStream:
      need(10);
      return {
        type: 'synStream',
        streamId: streamId(),
        associatedId: payload.readUInt32BE(4) & STREAM_ID_MASK,
        priority: payload.readUInt8(8) >> 5,
        flags,
        headerBlock: payload.subarray(10),
      };
    case FrameType.synReply:
      need(4);
      return { type: 'synReply', streamId: streamId(), flags, headerBlock: payload.subarray(4) };
    case FrameType.headers:
      need(4);
      return { type: 'headers', streamId: streamId(), flags, headerBlock: payload.subarray(4) };
    case FrameType.rstStream:
      need(8);
      return { type: 'rstStream', streamId: streamId(), status: payload.readUInt32BE(4) };
    case FrameType.ping:
      need(4);
      return { type: 'ping', id: payload.readUInt32BE(0) };
    case FrameType.goAway:
      need(8);
      return { type: 'goAway', lastGoodStreamId: streamId(), status: payload.readUInt32BE(4) };
    case FrameType.windowUpdate:
      need(8);
      return { type: 'windowUpdate', streamId: streamId(), delta: payload.readUInt32BE(4) & STREAM_ID_MASK };
    default:
      return { type: 'ignored', controlType };
  }
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  header.writeUInt16BE(type, 2);
  header.writeUInt8(flags, 4);
  header.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([header, payload]);
}

function words(...values: number[]): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => buf.writeUInt32BE(value >>> 0, i * 4));
  return buf;
}

/** A DATA frame; payloads longer than a frame holds are the caller's to split (`MAX_FRAME_PAYLOAD`). */
export function encodeData(streamId: number, data: Buffer, flags = 0): Buffer {
  if (data.length > MAX_FRAME_PAYLOAD) throw new SpdyProtocolError(`a data frame holds at most ${MAX_FRAME_PAYLOAD} bytes`);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(streamId & STREAM_ID_MASK, 0);
  header.writeUInt8(flags, 4);
  header.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([header, data]);
}

export function encodeSynReply(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  return controlFrame(FrameType.synReply, flags, Buffer.concat([words(streamId & STREAM_ID_MASK), headerBlock]));
}

export function encodeSynStream(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  return controlFrame(FrameType.synStream, flags, Buffer.concat([words(streamId & STREAM_ID_MASK, 0), Buffer.alloc(2), headerBlock]));
}

export function encodeRstStream(streamId: number, status: number): Buffer {
  return controlFrame(FrameType.rstStream, 0, words(streamId & STREAM_ID_MASK, status));
}

export function encodePing(id: number): Buffer {
  return controlFrame(FrameType.ping, 0, words(id));
}

export function encodeGoAway(lastGoodStreamId: number, status = 0): Buffer {
  return controlFrame(FrameType.goAway, 0, words(lastGoodStreamId & STREAM_ID_MASK, status));
}
