/** The client end of one `minikubelet-exec` session (protocol: `../server/exec-protocol.ts`). */
import type { Duplex } from 'node:stream';
import {
  decodeExit,
  encodeFrame,
  encodeResize,
  FrameDecoder,
  StreamId,
  type ExitStatus,
  type TerminalSize,
} from '../server/exec-protocol.js';
import type { Writer } from './cli-io.js';

export interface ExecOutput {
  stdout: Writer;
  stderr: Writer;
}

export class ExecConnection {
  /** The command's exit status; rejects when the connection ends without one. */
  readonly exited: Promise<ExitStatus>;
  private readonly decoder = new FrameDecoder();

  constructor(
    private readonly socket: Duplex,
    head: Buffer,
    output: ExecOutput,
  ) {
    this.exited = new Promise<ExitStatus>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        try {
          for (const frame of this.decoder.push(chunk)) {
            if (frame.stream === StreamId.stdout) output.stdout.write(frame.payload);
            else if (frame.stream === StreamId.stderr) output.stderr.write(frame.payload);
            else if (frame.stream === StreamId.exit) resolve(decodeExit(frame.payload));
          }
        } catch (err) {
          socket.destroy();
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      };
      socket.on('data', onData);
      socket.on('error', () => undefined); // the close below reports it
      socket.on('close', () => reject(new Error('the connection to the agent closed before the command finished')));
      if (head.length > 0) onData(head);
    });
  }

  writeStdin(data: Buffer | string): void {
    if (!this.socket.destroyed) this.socket.write(encodeFrame(StreamId.stdin, data));
  }

  endStdin(): void {
    if (!this.socket.destroyed) this.socket.write(encodeFrame(StreamId.stdinEnd));
  }

  resize(size: TerminalSize): void {
    if (!this.socket.destroyed) this.socket.write(encodeResize(size));
  }

  close(): void {
    this.socket.destroy();
  }
}
