/** Exec sessions for the fake runtime: a handler plays the process, the stream looks like Docker's. */
import { Duplex, PassThrough, type Readable } from 'node:stream';
import type { ExecOptions, ExecSession } from '../../src/runtime/types.js';

export interface FakeExecContext {
  containerId: string;
  options: ExecOptions;
  /** What the client sent; ends when it closes stdin (at once when `options.stdin` is false). */
  stdin: Readable;
  stdout(data: string | Buffer): void;
  stderr(data: string | Buffer): void;
}

/** Plays the exec'd process; resolves with its exit code. */
export type FakeExecHandler = (context: FakeExecContext) => Promise<number> | number;

/** `echo`, `cat`, `true`, `false`; anything else is not found, as runc says it. */
export const defaultExecHandler: FakeExecHandler = async ({ options, stdin, stdout, stderr }) => {
  const [command, ...args] = options.cmd;
  switch (command) {
    case 'echo':
      stdout(`${args.join(' ')}\n`);
      return 0;
    case 'cat':
      for await (const chunk of stdin) stdout(chunk as Buffer);
      return 0;
    case 'true':
      return 0;
    case 'false':
      return 1;
    default:
      stderr(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${command}": executable file not found in $PATH: unknown\r\n`);
      return 127;
  }
};

export function startFakeExec(
  containerId: string,
  options: ExecOptions,
  handler: FakeExecHandler,
  onResize: (cols: number, rows: number) => void,
): ExecSession {
  const stdin = new PassThrough();
  if (!options.stdin) stdin.end();
  const stream = new Duplex({
    write(chunk: Buffer, _encoding, done) {
      if (options.stdin && !stdin.writableEnded) stdin.write(chunk);
      done();
    },
    final(done) {
      stdin.end();
      done();
    },
    read() {},
  });
  const emit = (streamType: 1 | 2) => (data: string | Buffer) => {
    const payload = typeof data === 'string' ? Buffer.from(data) : data;
    stream.push(options.tty ? payload : dockerFrame(streamType, payload));
  };
  const exited = Promise.resolve()
    .then(() => handler({ containerId, options, stdin, stdout: emit(1), stderr: emit(2) }))
    .then(
      (code) => {
        stream.push(null);
        return code;
      },
      (err: Error) => {
        stream.destroy(err);
        return undefined;
      },
    );
  return {
    stream: stream as ExecSession['stream'],
    exitCode: () => exited,
    resize: async (cols, rows) => onResize(cols, rows),
  };
}

/** Docker's multiplexed-stream frame, written here independently of the code under test. */
function dockerFrame(streamType: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = streamType;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
