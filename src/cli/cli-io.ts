/**
 * The process's streams as the commands see them. Commands write through this, never to
 * `process.*` directly, so tests run the whole program in memory and read what it printed.
 */

export interface Writer {
  write(chunk: string | Uint8Array): unknown;
}

export interface TerminalOutput extends Writer {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface TerminalInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

export interface CliIo {
  stdout: TerminalOutput;
  stderr: Writer;
  stdin: TerminalInput;
  /** Calls `listener` when the terminal is resized (SIGWINCH); returns the unsubscribe. */
  onResize(listener: () => void): () => void;
  setExitCode(code: number): void;
  nowMs(): number;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    onResize(listener) {
      process.stdout.on('resize', listener);
      return () => process.stdout.off('resize', listener);
    },
    setExitCode(code) {
      process.exitCode = code;
    },
    nowMs: () => Date.now(),
  };
}
