/**
 * Kubernetes' remote-command WebSocket subprotocols (`exec`, `attach`), as kubectl speaks them
 * (k8s `staging/src/k8s.io/apimachinery/pkg/util/remotecommand/constants.go`,
 * `staging/src/k8s.io/client-go/tools/remotecommand/websocket.go`).
 *
 * Every binary message starts with one byte naming its channel; the rest is the payload:
 *
 *     0 stdin (client → server)     1 stdout      2 stderr
 *     3 error: one `Status` JSON, written once at the end (`exec-status.ts`)
 *     4 resize (client → server): `{"Width":w,"Height":h}` per message
 *     255 close (v5 only): a two-byte message `[255, channel]` half-closes that channel
 *         (kubectl sends `[255, 0]` when its stdin ends)
 *
 * The server ends a session by writing the Status on channel 3 and closing the WebSocket with
 * 1000 (normal closure): kubectl then reads EOF on every channel.
 */

export const STREAM_PROTOCOL_V5 = 'v5.channel.k8s.io';
export const STREAM_PROTOCOL_V4 = 'v4.channel.k8s.io';
/** What this server speaks, preferred first (kubectl 1.30+ offers only v5; older clients v4). */
export const STREAM_PROTOCOLS = [STREAM_PROTOCOL_V5, STREAM_PROTOCOL_V4] as const;
export type StreamProtocol = (typeof STREAM_PROTOCOLS)[number];

export const Channel = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  error: 3,
  resize: 4,
  close: 255,
} as const;

export type ChannelMessage =
  | { kind: 'data'; channel: number; data: Buffer }
  /** v5 half-close of `channel`. */
  | { kind: 'close'; channel: number }
  /** An empty message (a client's keep-alive or readiness signal): nothing to do. */
  | { kind: 'empty' };

export class ChannelProtocolError extends Error {
  override name = 'ChannelProtocolError';
}

/** The first protocol of ours the client offers, or undefined (the upgrade is then refused). */
export function negotiateStreamProtocol(offered: Iterable<string>): StreamProtocol | undefined {
  const set = new Set(offered);
  return STREAM_PROTOCOLS.find((protocol) => set.has(protocol));
}

export function encodeChannelMessage(channel: number, data: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

/** The v5 close signal for `channel`. */
export function encodeCloseMessage(channel: number): Buffer {
  return Buffer.from([Channel.close, channel]);
}

/** One received message; the close signal is only understood under v5 (v4 has no channel 255). */
export function decodeChannelMessage(message: Buffer, protocol: StreamProtocol): ChannelMessage {
  if (message.length === 0) return { kind: 'empty' };
  const channel = message[0] ?? 0;
  if (channel === Channel.close && protocol === STREAM_PROTOCOL_V5) {
    if (message.length !== 2) throw new ChannelProtocolError(`a close message has 2 bytes, got ${message.length}`);
    return { kind: 'close', channel: message[1] ?? 0 };
  }
  return { kind: 'data', channel, data: message.subarray(1) };
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** A resize message's payload (client-go `TerminalSize`, JSON-encoded with a trailing newline). */
export function decodeTerminalSize(data: Buffer): TerminalSize {
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    throw new ChannelProtocolError('a resize message must be JSON {"Width":w,"Height":h}');
  }
  const { Width, Height } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (!isDimension(Width) || !isDimension(Height)) {
    throw new ChannelProtocolError('a resize message needs integer "Width" and "Height" between 0 and 65535');
  }
  return { width: Width, height: Height };
}

export function encodeTerminalSize(size: TerminalSize): Buffer {
  return encodeChannelMessage(Channel.resize, `${JSON.stringify({ Width: size.width, Height: size.height })}\n`);
}

function isDimension(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 65536;
}
