/**
 * Carries one exec or attach session between the engine's stream and a kubectl WebSocket
 * (`channel-protocol.ts`), as the kubelet's streaming server does
 * (k8s `pkg/kubelet/cri/streaming/remotecommand/websocket.go`).
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { AttachedStreams } from '../../runtime/types.js';
import {
  Channel,
  decodeChannelMessage,
  decodeTerminalSize,
  encodeChannelMessage,
  type StreamProtocol,
} from './channel-protocol.js';
import { makeExecStatus, type SessionOutcome } from './exec-status.js';
import { MultiplexedOutputDecoder } from './multiplexed-output.js';

export interface RemoteCommandSession {
  session: AttachedStreams;
  ws: WebSocket;
  protocol: StreamProtocol;
  /** The streams the client asked for (`stdin`, `stdout`, `stderr`, `tty` query parameters). */
  streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean };
  /** How the session ended, asked once the engine's stream has ended. */
  outcome(): Promise<SessionOutcome>;
  log: Logger;
}

/** Normal closure: kubectl reads EOF on every channel. */
const NORMAL_CLOSURE = 1000;

export function bridgeRemoteCommand(bridge: RemoteCommandSession): void {
  const { session, ws, streams, log } = bridge;
  let finished = false;
  const finish = (failure?: unknown): void => {
    if (finished) return;
    finished = true;
    const outcome = failure === undefined ? bridge.outcome() : Promise.resolve({ failure: messageOf(failure) });
    void outcome
      .catch((err: unknown): SessionOutcome => ({ failure: messageOf(err) }))
      .then((ended) => {
        if (ws.readyState !== ws.OPEN) return;
        ws.send(encodeChannelMessage(Channel.error, JSON.stringify(makeExecStatus(ended))));
        ws.close(NORMAL_CLOSURE);
      });
  };

  // The kubelet's first message: an empty one on the lowest channel it writes, "ready".
  ws.send(encodeChannelMessage(streams.stdout ? Channel.stdout : streams.stderr ? Channel.stderr : Channel.error));

  const forward = outputForwarder(bridge);
  session.stream.on('data', (chunk: Buffer) => {
    if (finished) return;
    try {
      forward(chunk);
    } catch (err) {
      finish(err);
      closeSessionStream(session);
    }
  });
  session.stream.on('end', () => finish());
  session.stream.on('close', () => finish());
  session.stream.on('error', (err: Error) => finish(err));

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    try {
      if (!isBinary) throw new Error('remote command messages are binary');
      onClientMessage(bridge, data);
    } catch (err) {
      log.debug({ err }, 'Closed a stream session after a malformed client message');
      ws.close(1002, messageOf(err).slice(0, 120));
    }
  });
  ws.on('error', (err) => log.debug({ err }, 'Stream client connection failed'));
  ws.on('close', () => {
    // The client left before the command ended: let go of the engine's stream.
    if (finished) return;
    finished = true;
    closeSessionStream(session);
  });
}

function onClientMessage(bridge: RemoteCommandSession, data: Buffer): void {
  const { session, streams, log } = bridge;
  const message = decodeChannelMessage(data, bridge.protocol);
  if (message.kind === 'empty') return;
  if (message.kind === 'close') {
    if (message.channel === Channel.stdin && streams.stdin) session.stream.end();
    return;
  }
  switch (message.channel) {
    case Channel.stdin:
      if (streams.stdin) session.stream.write(message.data);
      return;
    case Channel.resize: {
      if (!streams.tty) return;
      const size = decodeTerminalSize(message.data);
      session.resize?.(size.width, size.height).catch((err: unknown) => log.debug({ err }, 'Failed to resize the terminal'));
      return;
    }
    default:
      log.debug({ channel: message.channel }, 'Ignored a message on an unknown channel');
  }
}

/** tty output is raw bytes, all stdout; otherwise Docker's frames, each sent on its own channel. */
function outputForwarder(bridge: RemoteCommandSession): (chunk: Buffer) => void {
  const { ws, streams } = bridge;
  const send = (channel: number, payload: Buffer): void => {
    const wanted = channel === Channel.stdout ? streams.stdout : streams.stderr;
    if (wanted && payload.length > 0) ws.send(encodeChannelMessage(channel, payload));
  };
  if (streams.tty) return (chunk) => send(Channel.stdout, chunk);
  const decoder = new MultiplexedOutputDecoder();
  return (chunk) => {
    for (const frame of decoder.push(chunk)) send(frame.stream === 2 ? Channel.stderr : Channel.stdout, frame.payload);
  };
}

function closeSessionStream(session: AttachedStreams): void {
  const stream = session.stream as NodeJS.ReadWriteStream & { destroy?: () => void };
  if (typeof stream.destroy === 'function') stream.destroy();
  else stream.end();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
