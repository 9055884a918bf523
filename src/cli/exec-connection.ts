/**
 * The client end of one exec session: kubectl's WebSocket protocol (`v5.channel.k8s.io`,
 * `../server/streams/channel-protocol.ts`) over the agent's unix socket.
 */
import { WebSocket } from 'ws';
import {
  Channel,
  decodeChannelMessage,
  encodeChannelMessage,
  encodeCloseMessage,
  encodeTerminalSize,
  STREAM_PROTOCOL_V5,
} from '../server/streams/channel-protocol.js';
import { parseExecStatus } from '../server/streams/exec-status.js';
import type { Writer } from './cli-io.js';

export interface ExecOutput {
  stdout: Writer;
  stderr: Writer;
}

/** The command's exit code, or (`exitCode: null`) why the agent could not tell it. */
export interface ExitStatus {
  exitCode: number | null;
  message?: string;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

export const EXEC_SUBPROTOCOL = STREAM_PROTOCOL_V5;

export class ExecConnection {
  /** Settles when the agent closes the session: with the Status it sent, else rejects. */
  readonly exited: Promise<ExitStatus>;

  constructor(
    private readonly ws: WebSocket,
    output: ExecOutput,
  ) {
    this.exited = new Promise<ExitStatus>((resolve, reject) => {
      let status: ExitStatus | undefined;
      ws.on('message', (data: Buffer) => {
        const message = decodeChannelMessage(data, STREAM_PROTOCOL_V5);
        if (message.kind !== 'data') return;
        if (message.channel === Channel.stdout) output.stdout.write(message.data);
        else if (message.channel === Channel.stderr) output.stderr.write(message.data);
        else if (message.channel === Channel.error) status = toExitStatus(message.data);
      });
      ws.on('error', () => undefined); // the close below reports it
      ws.on('close', () => {
        if (status !== undefined) resolve(status);
        else reject(new Error('the connection to the agent closed before the command finished'));
      });
    });
  }

  writeStdin(data: Buffer | string): void {
    this.send(encodeChannelMessage(Channel.stdin, data));
  }

  endStdin(): void {
    this.send(encodeCloseMessage(Channel.stdin));
  }

  resize(size: TerminalSize): void {
    this.send(encodeTerminalSize({ width: size.cols, height: size.rows }));
  }

  close(): void {
    this.ws.terminate();
  }

  private send(message: Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }
}

function toExitStatus(payload: Buffer): ExitStatus {
  const result = parseExecStatus(payload);
  return 'exitCode' in result ? { exitCode: result.exitCode } : { exitCode: null, message: result.error };
}
