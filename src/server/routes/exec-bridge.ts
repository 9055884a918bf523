/** Carries one exec session between the engine's stream and an upgraded client socket. */
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ExecOptions, ExecSession } from '../../runtime/types.js';
import { decodeResize, encodeExit, encodeFrame, FrameDecoder, StreamId, type ExitStatus } from '../exec-protocol.js';

export interface ExecBridge {
  session: ExecSession;
  socket: Duplex;
  /** Bytes the client sent after the request head (already frames). */
  head: Buffer;
  options: ExecOptions;
  log: Logger;
}

export function bridgeExecSession(bridge: ExecBridge): void {
  const { session, socket, options, log } = bridge;
  let finished = false;
  const finish = (failure?: unknown): void => {
    if (finished) return;
    finished = true;
    void exitStatus(session, failure).then((status) => {
      if (!socket.destroyed) socket.end(encodeExit(status));
    });
  };

  const forward = options.tty ? forwardTty(socket) : forwardMultiplexed(socket);
  session.stream.on('data', (chunk: Buffer) => {
    if (finished) return;
    try {
      forward(chunk);
    } catch (err) {
      // Output we cannot frame: end the session rather than send the client garbage.
      finish(err);
      closeSessionStream(session);
    }
  });
  session.stream.on('end', () => finish());
  session.stream.on('close', () => finish());
  session.stream.on('error', (err: Error) => finish(err));

  const input = new FrameDecoder();
  const onInput = (chunk: Buffer): void => {
    try {
      for (const frame of input.push(chunk)) handleClientFrame(bridge, frame.stream, frame.payload);
    } catch (err) {
      log.debug({ err }, 'Closed exec session after a malformed client frame');
      socket.destroy();
    }
  };
  socket.on('data', onInput);
  socket.on('error', (err) => log.debug({ err }, 'Exec client connection failed'));
  socket.on('close', () => {
    // The client left before the command ended: let go of the engine's stream.
    if (finished) return;
    finished = true;
    closeSessionStream(session);
  });
  if (bridge.head.length > 0) onInput(bridge.head);
}

function handleClientFrame(bridge: ExecBridge, stream: number, payload: Buffer): void {
  const { session, options, log } = bridge;
  switch (stream) {
    case StreamId.stdin:
      if (options.stdin) session.stream.write(payload);
      return;
    case StreamId.stdinEnd:
      if (options.stdin) session.stream.end();
      return;
    case StreamId.resize: {
      const size = decodeResize(payload);
      session.resize?.(size.cols, size.rows).catch((err: unknown) => log.debug({ err }, 'Failed to resize exec terminal'));
      return;
    }
    default:
      log.debug({ stream }, 'Ignored an exec frame with an unknown stream id');
  }
}

/** A tty session's output is raw bytes: all of it is stdout. */
function forwardTty(socket: Duplex): (chunk: Buffer) => void {
  return (chunk) => {
    socket.write(encodeFrame(StreamId.stdout, chunk));
  };
}

/** Docker's multiplexed frames, re-framed one by one so a torn engine frame never reaches the client. */
function forwardMultiplexed(socket: Duplex): (chunk: Buffer) => void {
  const decoder = new FrameDecoder();
  return (chunk) => {
    for (const frame of decoder.push(chunk)) {
      const stream = frame.stream === StreamId.stderr ? StreamId.stderr : StreamId.stdout;
      socket.write(encodeFrame(stream, frame.payload));
    }
  };
}

async function exitStatus(session: ExecSession, failure: unknown): Promise<ExitStatus> {
  if (failure !== undefined) return { exitCode: null, message: messageOf(failure) };
  try {
    return { exitCode: (await session.exitCode()) ?? null };
  } catch (err) {
    return { exitCode: null, message: messageOf(err) };
  }
}

function closeSessionStream(session: ExecSession): void {
  const stream = session.stream as NodeJS.ReadWriteStream & { destroy?: () => void };
  if (typeof stream.destroy === 'function') stream.destroy();
  else stream.end();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
