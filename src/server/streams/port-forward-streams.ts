/**
 * Port-forward's streams (pure): kubectl opens, per connection it forwards, an `error` stream then
 * a `data` stream, both with headers `streamType`, `port` and `requestID`
 * (k8s `pkg/kubelet/cri/streaming/portforward/httpstream.go`). This pairs them by request id and
 * checks the port as the kubelet does.
 */
import type { SpdyHeaders } from './spdy-header-block.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** The WebSocket subprotocol of the tunnel kubectl 1.31+ tries first (client-go `tunneling_dialer.go`). */
export const PORT_FORWARD_TUNNEL_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;

export interface PortForwardStreamInfo {
  requestId: string;
  streamType: 'data' | 'error';
  port: number;
}

/** The stream's role, or the kubelet's message for a stream it cannot use. */
export function parsePortForwardHeaders(headers: SpdyHeaders, streamId: number): PortForwardStreamInfo | { error: string } {
  const get = (name: string): string | undefined => headers.get(name)?.[0];
  const streamType = get('streamtype');
  if (streamType !== 'data' && streamType !== 'error') {
    return { error: `invalid stream type ${JSON.stringify(streamType ?? '')}: port-forward streams are "data" or "error"` };
  }
  const portText = get('port');
  if (portText === undefined || portText === '') return { error: '"port" header is required' };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) return { error: `unable to parse "${portText}" as a port` };
  if (port < 1) return { error: `port "${portText}" must be > 0` };
  // Clients before requestID paired streams by their ids: error (odd n), data (n + 2).
  const requestId = get('requestid') ?? String(streamType === 'error' ? streamId : streamId - 2);
  return { requestId, streamType, port };
}

/** The data and error streams of one request, as they arrive. */
export class StreamPairs<S> {
  private readonly pending = new Map<string, { data?: S; error?: S }>();

  /** The completed pair when `stream` is the second of its request; undefined while one is missing. */
  add(info: PortForwardStreamInfo, stream: S): { data: S; error: S } | 'duplicate' | undefined {
    const pair = this.pending.get(info.requestId) ?? {};
    if (pair[info.streamType] !== undefined) return 'duplicate';
    pair[info.streamType] = stream;
    if (pair.data !== undefined && pair.error !== undefined) {
      this.pending.delete(info.requestId);
      return { data: pair.data, error: pair.error };
    }
    this.pending.set(info.requestId, pair);
    return undefined;
  }

  /** Forgets a request whose second stream never came; returns what was waiting. */
  drop(requestId: string): S[] {
    const pair = this.pending.get(requestId);
    this.pending.delete(requestId);
    return pair === undefined ? [] : [pair.data, pair.error].filter((s): s is S => s !== undefined);
  }
}
