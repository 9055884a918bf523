/**
 * exec and attach over SPDY/3.1 (pure parts), as the kubelet serves them
 * (k8s `pkg/kubelet/cri/streaming/remotecommand/httpstream.go`; client-go
 * `tools/remotecommand/v4.go`, `v2.go`): the client offers `X-Stream-Protocol-Version`s, the
 * server picks the first it speaks in the client's order (apimachinery `httpstream.Handshake`),
 * then the client opens one SPDY stream per role, named by its `streamType` header:
 *
 *     error    the server writes how the command ended, then FIN
 *              v4: a `Status` JSON (Success, or NonZeroExitCode with an ExitCode cause)
 *              v2, v3: the failure's message as text, nothing on success
 *     stdin    client → server; FIN is the end of input
 *     stdout, stderr   server → client; FIN when the output ends
 *     resize   (v3, v4 with a tty) client → server: `{"Width":w,"Height":h}` JSON values, one after another
 *
 * The server waits for all the streams the query asked for (error, plus one per stream asked,
 * plus resize for a tty) before it starts the process.
 */

export const SPDY_REMOTE_COMMAND_V4 = 'v4.channel.k8s.io';
export const SPDY_REMOTE_COMMAND_V3 = 'v3.channel.k8s.io';
export const SPDY_REMOTE_COMMAND_V2 = 'v2.channel.k8s.io';
/** What the kubelet accepts over SPDY, v1 (`channel.k8s.io`, which closes stdin at once) aside. */
export const SPDY_REMOTE_COMMAND_PROTOCOLS = [SPDY_REMOTE_COMMAND_V4, SPDY_REMOTE_COMMAND_V3, SPDY_REMOTE_COMMAND_V2] as const;
export type SpdyRemoteCommandProtocol = (typeof SPDY_REMOTE_COMMAND_PROTOCOLS)[number];

export const REMOTE_COMMAND_STREAM_TYPES = ['error', 'stdin', 'stdout', 'stderr', 'resize'] as const;
export type RemoteCommandStreamType = (typeof REMOTE_COMMAND_STREAM_TYPES)[number];

/** The handshake's outcome: the protocol, or the kubelet's refusal (HTTP code and text). */
export type SpdyHandshake = { protocol: SpdyRemoteCommandProtocol } | { code: 400 | 403; message: string; accepted?: readonly string[] };

/** `offered`: the X-Stream-Protocol-Version header values, each maybe comma-joined (Node joins repeated headers). */
export function negotiateSpdyProtocol(offered: readonly string[]): SpdyHandshake {
  const client = offered.flatMap((value) => value.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (client.length === 0) return { code: 400, message: 'unable to upgrade: X-Stream-Protocol-Version is required' };
  const protocol = client.find((p): p is SpdyRemoteCommandProtocol => (SPDY_REMOTE_COMMAND_PROTOCOLS as readonly string[]).includes(p));
  if (protocol !== undefined) return { protocol };
  return {
    code: 403,
    message: `unable to upgrade: unable to negotiate protocol: client supports [${client.join(' ')}], server accepts [${SPDY_REMOTE_COMMAND_PROTOCOLS.join(' ')}]`,
    accepted: SPDY_REMOTE_COMMAND_PROTOCOLS,
  };
}

export function supportsResize(protocol: SpdyRemoteCommandProtocol): boolean {
  return protocol !== SPDY_REMOTE_COMMAND_V2;
}

/** The streams the client must open before the process starts (the kubelet's `expectedStreams`). */
export function expectedStreamTypes(
  streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean },
  protocol: SpdyRemoteCommandProtocol,
): RemoteCommandStreamType[] {
  const types: RemoteCommandStreamType[] = ['error'];
  if (streams.stdin) types.push('stdin');
  if (streams.stdout) types.push('stdout');
  if (streams.stderr) types.push('stderr');
  if (streams.tty && supportsResize(protocol)) types.push('resize');
  return types;
}

export function parseStreamType(value: string | undefined): RemoteCommandStreamType | undefined {
  return REMOTE_COMMAND_STREAM_TYPES.find((t) => t === value);
}

/**
 * Splits the resize stream's bytes into its JSON values (client-go writes them with a JSON
 * encoder: one per line); returns the complete ones and what is left for the next chunk.
 */
export function splitResizeMessages(pending: string): { messages: string[]; rest: string } {
  const lines = pending.split('\n');
  const rest = lines.pop() ?? '';
  return { messages: lines.map((l) => l.trim()).filter((l) => l !== ''), rest };
}
