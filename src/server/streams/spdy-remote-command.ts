/**
 * Runs one exec or attach session over SPDY/3.1 (`remote-command-streams.ts` for the protocol),
 * as the kubelet's streaming server does for the API server (which dials kubelets in SPDY
 * whatever kubectl speaks to it): the streams the query asked for are awaited (30 s, the
 * kubelet's streamCreationTimeout), the process is started, its output is written to the stdout
 * and stderr streams (demultiplexed from Docker's frames unless a tty), stdin and resizes are
 * passed on, and at the end the outcome goes on the error stream, every stream ends with FIN and
 * the connection is closed.
 */
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AttachedStreams } from '../../runtime/types.js';
import { decodeTerminalSize, type TerminalSize } from './channel-protocol.js';
import { makeExecStatus, type SessionOutcome } from './exec-status.js';
import { MultiplexedOutputDecoder } from './multiplexed-output.js';
import type { StartedSession } from './remote-command-session.js';
import {
  expectedStreamTypes,
  parseStreamType,
  splitResizeMessages,
  SPDY_REMOTE_COMMAND_V4,
  type RemoteCommandStreamType,
  type SpdyRemoteCommandProtocol,
} from './remote-command-streams.js';
import { SpdyServerSession, type SpdyStream } from './spdy-session.js';

export interface SpdyRemoteCommand {
  /** The upgraded connection, after the 101 was written; `head`: bytes the client sent with its request. */
  transport: Duplex;
  head: Buffer;
  protocol: SpdyRemoteCommandProtocol;
  streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean };
  start(size?: TerminalSize): Promise<StartedSession>;
  log: Logger;
  /** kubelet streamCreationTimeout (default 30 s). */
  streamCreationTimeoutMs?: number;
}

const STREAM_CREATION_TIMEOUT_MS = 30_000;
/** As the WebSocket session: a tty process starts with the client's first size, or after this long. */
const FIRST_RESIZE_WAIT_MS = 1000;
/** After the last FIN the client closes the connection; one that does not is dropped after this long. */
const CLOSE_GRACE_MS = 5000;

type Streams = Map<RemoteCommandStreamType, SpdyStream>;

export function runSpdyRemoteCommand(request: SpdyRemoteCommand): void {
  const { log } = request;
  const expected = expectedStreamTypes(request.streams, request.protocol);
  const got: Streams = new Map();
  const timer = setTimeout(() => {
    log.debug({ expected, got: [...got.keys()] }, 'Timed out waiting for client to create streams');
    session.shutdown();
  }, request.streamCreationTimeoutMs ?? STREAM_CREATION_TIMEOUT_MS);
  const session = new SpdyServerSession(
    request.transport,
    (stream) => {
      stream.on('error', (err) => log.debug({ err, streamId: stream.streamId }, 'Remote command stream failed'));
      const type = parseStreamType(stream.headers.get('streamtype')?.[0]);
      if (type === undefined || !expected.includes(type) || got.has(type)) {
        log.debug({ streamType: stream.headers.get('streamtype')?.[0] }, 'Reset an unexpected remote command stream');
        stream.destroy();
        return;
      }
      got.set(type, stream);
      if (got.size < expected.length) return;
      clearTimeout(timer);
      void begin(request, got, session);
    },
    log,
  );
  request.transport.once('close', () => clearTimeout(timer));
  if (request.head.length > 0) session.receive(request.head);
}

async function begin(request: SpdyRemoteCommand, streams: Streams, session: SpdyServerSession): Promise<void> {
  let onSize: (size: TerminalSize) => void = () => undefined;
  const resize = streams.get('resize');
  if (resize !== undefined) followResizes(resize, (size) => onSize(size), request.log);
  let size: TerminalSize | undefined;
  if (resize !== undefined) {
    size = await new Promise<TerminalSize | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), FIRST_RESIZE_WAIT_MS);
      onSize = (first) => {
        clearTimeout(timer);
        resolve(first);
      };
      resize.once('close', () => resolve(undefined));
    });
  }
  if (request.transport.destroyed) return;
  let started: StartedSession;
  try {
    started = await request.start(size);
  } catch (err) {
    return finish(request, streams, session, { failure: messageOf(err) });
  }
  const process = started.session;
  onSize = (next) => void process.resize?.(next.width, next.height).catch((err: unknown) => request.log.debug({ err }, 'Failed to resize the terminal'));
  bridge(request, streams, session, started);
}

function bridge(request: SpdyRemoteCommand, streams: Streams, session: SpdyServerSession, started: StartedSession): void {
  const process = started.session;
  let finished = false;
  const end = (failure?: unknown): void => {
    if (finished) return;
    finished = true;
    const outcome = failure === undefined ? started.outcome() : Promise.resolve({ failure: messageOf(failure) });
    void outcome.catch((err: unknown): SessionOutcome => ({ failure: messageOf(err) })).then((ended) => finish(request, streams, session, ended));
  };
  const forward = outputForwarder(request, streams, process);
  process.stream.on('data', (chunk: Buffer) => {
    if (!finished) forward(chunk);
  });
  process.stream.on('end', () => end());
  process.stream.on('close', () => end());
  process.stream.on('error', (err: Error) => end(err));
  const stdin = streams.get('stdin');
  if (stdin !== undefined) {
    stdin.on('data', (chunk: Buffer) => {
      // The engine takes stdin at the process's pace.
      if (!process.stream.write(chunk)) {
        stdin.pause();
        process.stream.once('drain', () => stdin.resume());
      }
    });
    stdin.on('end', () => process.stream.end());
  }
  request.transport.once('close', () => {
    // The client left before the command ended: let go of the engine's stream.
    if (finished) return;
    finished = true;
    closeProcessStream(process);
  });
}

/** tty output is raw bytes, all stdout; otherwise Docker's frames, each to its stream. A slow client pauses the engine's stream. */
function outputForwarder(request: SpdyRemoteCommand, streams: Streams, process: AttachedStreams): (chunk: Buffer) => void {
  let waiting = 0;
  const send = (type: 'stdout' | 'stderr', payload: Buffer): void => {
    const stream = streams.get(type);
    if (stream === undefined || payload.length === 0 || stream.writableEnded) return;
    if (!stream.write(payload)) {
      waiting++;
      process.stream.pause();
      stream.once('drain', () => {
        if (--waiting === 0) process.stream.resume();
      });
    }
  };
  if (request.streams.tty) return (chunk) => send('stdout', chunk);
  const decoder = new MultiplexedOutputDecoder();
  return (chunk) => {
    for (const frame of decoder.push(chunk)) send(frame.stream === 2 ? 'stderr' : 'stdout', frame.payload);
  };
}

function followResizes(stream: SpdyStream, onSize: (size: TerminalSize) => void, log: Logger): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    const { messages, rest } = splitResizeMessages(pending + chunk.toString('utf8'));
    pending = rest;
    for (const message of messages) {
      try {
        onSize(decodeTerminalSize(Buffer.from(message)));
      } catch (err) {
        log.debug({ err }, 'Ignored a malformed resize message');
      }
    }
  });
}

/** The outcome on the error stream (v4: a Status JSON; v2/v3: a failure's message only), every stream ended, then the connection. */
function finish(request: SpdyRemoteCommand, streams: Streams, session: SpdyServerSession, outcome: SessionOutcome): void {
  const status = makeExecStatus(outcome);
  const error = streams.get('error');
  if (error !== undefined && !error.writableEnded) {
    if (request.protocol === SPDY_REMOTE_COMMAND_V4) error.write(JSON.stringify(status));
    else if (status.status !== 'Success') error.write(status.message ?? 'unknown error');
  }
  const ended = [...streams.values()].map(
    (stream) =>
      new Promise<void>((resolve) => {
        if (stream.writableFinished || stream.destroyed) return resolve();
        stream.once('finish', () => resolve());
        stream.once('close', () => resolve());
        stream.end();
      }),
  );
  void Promise.all(ended).then(() => {
    request.transport.end();
    setTimeout(() => session.shutdown(), CLOSE_GRACE_MS).unref();
  });
}

function closeProcessStream(process: AttachedStreams): void {
  const stream = process.stream as NodeJS.ReadWriteStream & { destroy?: () => void };
  if (typeof stream.destroy === 'function') stream.destroy();
  else stream.end();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
