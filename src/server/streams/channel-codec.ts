/**
 * The WebSocket subprotocols of exec and attach the kubelet port speaks, as the kubelet does (k8s
 * `pkg/kubelet/cri/streaming/remotecommand/websocket.go`, apiserver `wsstream`), and how each
 * frames a channel message (pure):
 *
 *     v5.channel.k8s.io         binary, channel byte first; 255 closes a channel   error: Status JSON
 *     v4.channel.k8s.io         binary                                              error: Status JSON
 *     v4.base64.channel.k8s.io  text: channel digit, then the payload in base64     error: Status JSON
 *     channel.k8s.io            binary                                              error: the failure's text
 *     base64.channel.k8s.io     text, base64                                        error: the failure's text
 *
 * The agent's own API speaks the first two only (`channel-protocol.ts` STREAM_PROTOCOLS).
 */
import { decodeChannelMessage, STREAM_PROTOCOL_V4, STREAM_PROTOCOL_V5, type ChannelMessage, ChannelProtocolError } from './channel-protocol.js';
import type { ExecStatus } from './exec-status.js';

export const KUBELET_WEBSOCKET_PROTOCOLS = [STREAM_PROTOCOL_V5, STREAM_PROTOCOL_V4, 'v4.base64.channel.k8s.io', 'channel.k8s.io', 'base64.channel.k8s.io'] as const;
export type WebSocketStreamProtocol = (typeof KUBELET_WEBSOCKET_PROTOCOLS)[number];

/** The client's first offer the kubelet speaks (wsstream takes the client's order). */
export function negotiateKubeletWebSocketProtocol(offered: readonly string[]): WebSocketStreamProtocol | undefined {
  return offered.find((p): p is WebSocketStreamProtocol => (KUBELET_WEBSOCKET_PROTOCOLS as readonly string[]).includes(p));
}

export interface ChannelCodec {
  /** A message for the client: binary (Buffer) or text (string). */
  encode(channel: number, data?: Buffer | string): Buffer | string;
  /** A message from the client; throws ChannelProtocolError on a frame of the wrong kind. */
  decode(message: Buffer, isBinary: boolean): ChannelMessage;
  /** What the error channel carries at the end; undefined: nothing (a pre-v4 success). */
  errorPayload(status: ExecStatus): string | undefined;
}

export function channelCodec(protocol: WebSocketStreamProtocol): ChannelCodec {
  const base64 = protocol.includes('base64');
  const jsonStatus = protocol.startsWith('v4.') || protocol.startsWith('v5.');
  return {
    encode(channel, data = Buffer.alloc(0)) {
      const payload = typeof data === 'string' ? Buffer.from(data) : data;
      return base64 ? `${String.fromCharCode(48 + channel)}${payload.toString('base64')}` : Buffer.concat([Buffer.from([channel]), payload]);
    },
    decode(message, isBinary) {
      if (!base64) {
        if (!isBinary) throw new ChannelProtocolError(`${protocol} messages are binary`);
        return decodeChannelMessage(message, protocol === STREAM_PROTOCOL_V5 ? STREAM_PROTOCOL_V5 : STREAM_PROTOCOL_V4);
      }
      if (isBinary) throw new ChannelProtocolError(`${protocol} messages are text`);
      const text = message.toString('utf8');
      if (text.length === 0) return { kind: 'empty' };
      const channel = text.charCodeAt(0) - 48;
      if (channel < 0 || channel > 9) throw new ChannelProtocolError(`a ${protocol} message starts with a channel digit, got ${JSON.stringify(text[0])}`);
      return { kind: 'data', channel, data: Buffer.from(text.slice(1), 'base64') };
    },
    errorPayload(status) {
      if (jsonStatus) return JSON.stringify(status);
      return status.status === 'Success' ? undefined : (status.message ?? 'unknown error');
    },
  };
}
