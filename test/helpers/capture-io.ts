/** A CliIo that records what a command printed, for running the CLI program in memory. */
import { PassThrough } from 'node:stream';
import type { CliIo, TerminalInput } from '../../src/cli/cli-io.js';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
  exitCode: number | undefined;
  /** Simulates SIGWINCH: the terminal now has this size. */
  resizeTerminal(columns: number, rows: number): void;
}

export function captureIo(options: { stdin?: TerminalInput; nowMs?: number; columns?: number; rows?: number } = {}): CapturedIo {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const resizeListeners = new Set<() => void>();
  const emptyStdin = new PassThrough();
  emptyStdin.end();
  const io: CapturedIo = {
    stdout: {
      write: (chunk) => stdout.push(Buffer.from(chunk)),
      ...(options.columns !== undefined ? { columns: options.columns } : {}),
      ...(options.rows !== undefined ? { rows: options.rows } : {}),
    },
    stderr: { write: (chunk) => stderr.push(Buffer.from(chunk)) },
    stdin: options.stdin ?? emptyStdin,
    onResize(listener) {
      resizeListeners.add(listener);
      return () => resizeListeners.delete(listener);
    },
    setExitCode(code) {
      io.exitCode = code;
    },
    nowMs: () => options.nowMs ?? Date.parse('2024-05-01T10:05:00Z'),
    out: () => Buffer.concat(stdout).toString('utf8'),
    err: () => Buffer.concat(stderr).toString('utf8'),
    exitCode: undefined,
    resizeTerminal(columns, rows) {
      Object.assign(io.stdout, { columns, rows });
      for (const listener of resizeListeners) listener();
    },
  };
  return io;
}
