/**
 * Runs one exec or attach session between the engine and a kubectl WebSocket
 * (`channel-protocol.ts`), as the kubelet's streaming server does
 * (k8s `pkg/kubelet/cri/streaming/remotecommand/websocket.go`, `exec.go`): the WebSocket is open
 * before the process starts, and a failure to start it is a Status on channel 3.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { AttachedStreams } from '../../runtime/types.js';
import { channelCodec, type ChannelCodec, type WebSocketStreamProtocol } from './channel-codec.js';
import { Channel, decodeTerminalSize, type ChannelMessage, type TerminalSize } from './channel-protocol.js';
import { makeExecStatus, type SessionOutcome } from './exec-status.js';
import { MultiplexedOutputDecoder } from './multiplexed-output.js';

export interface StartedSession {
  session: AttachedStreams;
  /** How the session ended, asked once the engine's stream has ended. */
  outcome(): Promise<SessionOutcome>;
}

export interface RemoteCommandSession {
  ws: WebSocket;
  /** The agent's API: v5 or v4; the kubelet port: any of KUBELET_WEBSOCKET_PROTOCOLS. */
  protocol: WebSocketStreamProtocol;
  /** The streams the client asked for (`stdin`, `stdout`, `stderr`, `tty` query parameters). */
  streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean };
  /** Starts the process's streams; with a tty, once the client's terminal size is known (given). */
  start(size?: TerminalSize): Promise<StartedSession>;
  log: Logger;
}

/** Normal closure: kubectl reads EOF on every channel. */
const NORMAL_CLOSURE = 1000;
const PROTOCOL_ERROR = 1002;
/**
 * kubectl sends its terminal size right after the handshake. Starting a tty process after it
 * (or this long) and resizing at once spares the process a 0x0 terminal on its first look.
 */
const FIRST_RESIZE_WAIT_MS = 1000;
/** Output bytes handed to the WebSocket but not yet written: the engine's stream waits above the high mark. */
const OUTPUT_HIGH_WATER = 1024 * 1024;
const OUTPUT_LOW_WATER = 256 * 1024;

export async function runRemoteCommand(request: RemoteCommandSession): Promise<void> {
  const { ws, streams, log } = request;
  const codec = channelCodec(request.protocol);
  const early: ChannelMessage[] = [];
  let firstSize: ((size: TerminalSize) => void) | undefined;
  let onMessage = (message: ChannelMessage): void => {
    early.push(message);
    if (message.kind === 'data' && message.channel === Channel.resize) firstSize?.(decodeTerminalSize(message.data));
  };
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    try {
      onMessage(codec.decode(data, isBinary));
    } catch (err) {
      log.debug({ err }, 'Closed a stream session after a malformed client message');
      ws.close(PROTOCOL_ERROR, messageOf(err).slice(0, 120));
    }
  });
  ws.on('error', (err) => log.debug({ err }, 'Stream client connection failed'));
  ws.resume();
  // The kubelet's first message: an empty one on the lowest channel it writes, "ready".
  ws.send(codec.encode(streams.stdout ? Channel.stdout : streams.stderr ? Channel.stderr : Channel.error));

  let size: TerminalSize | undefined;
  if (streams.tty) {
    size = await new Promise<TerminalSize | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), FIRST_RESIZE_WAIT_MS);
      firstSize = (first) => {
        clearTimeout(timer);
        firstSize = undefined;
        resolve(first);
      };
      ws.once('close', () => firstSize?.({ width: 0, height: 0 }));
    });
  }
  if (ws.readyState !== ws.OPEN) return;
  let started: StartedSession;
  try {
    started = await request.start(size);
  } catch (err) {
    return endWith(ws, codec, { failure: messageOf(err) });
  }
  onMessage = bridge(request, codec, started);
  for (const message of early.splice(0)) onMessage(message);
}

/** Joins the started process to the WebSocket; returns the handler of the client's messages. */
function bridge(request: RemoteCommandSession, codec: ChannelCodec, started: StartedSession): (message: ChannelMessage) => void {
  const { ws } = request;
  const { session } = started;
  let finished = false;
  const finish = (failure?: unknown): void => {
    if (finished) return;
    finished = true;
    const outcome = failure === undefined ? started.outcome() : Promise.resolve({ failure: messageOf(failure) });
    void outcome.catch((err: unknown): SessionOutcome => ({ failure: messageOf(err) })).then((ended) => endWith(ws, codec, ended));
  };
  const forward = outputForwarder(request, codec, session);
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
  ws.on('close', () => {
    // The client left before the command ended: let go of the engine's stream.
    if (finished) return;
    finished = true;
    closeSessionStream(session);
  });
  if (ws.readyState !== ws.OPEN) closeSessionStream(session);
  return (message) => onClientMessage(request, session, message);
}

function endWith(ws: WebSocket, codec: ChannelCodec, outcome: SessionOutcome): void {
  if (ws.readyState !== ws.OPEN) return;
  const payload = codec.errorPayload(makeExecStatus(outcome));
  if (payload !== undefined) ws.send(codec.encode(Channel.error, payload));
  ws.close(NORMAL_CLOSURE);
}

function onClientMessage(request: RemoteCommandSession, session: AttachedStreams, message: ChannelMessage): void {
  const { streams, log } = request;
  if (message.kind === 'empty') return;
  if (message.kind === 'close') {
    if (message.channel === Channel.stdin && streams.stdin) session.stream.end();
    return;
  }
  switch (message.channel) {
    case Channel.stdin:
      // The engine takes stdin at the process's pace: stop reading the client until it drains.
      if (streams.stdin && !session.stream.write(message.data) && !request.ws.isPaused) {
        request.ws.pause();
        session.stream.once('drain', () => request.ws.resume());
      }
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

/**
 * tty output is raw bytes, all stdout; otherwise Docker's frames, each sent on its own channel.
 * Past OUTPUT_HIGH_WATER bytes not yet written to the client, the engine's stream is paused.
 */
function outputForwarder(request: RemoteCommandSession, codec: ChannelCodec, session: AttachedStreams): (chunk: Buffer) => void {
  const { ws, streams } = request;
  let unsent = 0;
  const sent = (bytes: number) => (): void => {
    unsent -= bytes;
    if (unsent <= OUTPUT_LOW_WATER) session.stream.resume();
  };
  const send = (channel: number, payload: Buffer): void => {
    const wanted = channel === Channel.stdout ? streams.stdout : streams.stderr;
    if (!wanted || payload.length === 0 || ws.readyState !== ws.OPEN) return;
    unsent += payload.length;
    ws.send(codec.encode(channel, payload), sent(payload.length));
    if (unsent > OUTPUT_HIGH_WATER) session.stream.pause();
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
