import type { CliIo } from '../cli/cli-io.js';
import { LogPrefixer } from './log-prefix.js';

export interface OutputMode {
  /** Containers' output (`--no-logs` turns it off). */
  logs: boolean;
  /** `-q`: errors only. */
  quiet: boolean;
  /** ANSI colours: stdout is a terminal and NO_COLOR is not set. */
  colour: boolean;
}

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/**
 * Everything play prints goes through here: container lines and status lines on stdout (as
 * `--no-logs` and `-q` allow), its own errors and the agent's warnings on stderr, always.
 */
export class PlayOutput {
  private readonly prefixer: LogPrefixer;

  constructor(private readonly io: CliIo, private readonly mode: OutputMode, labels: readonly string[] = []) {
    this.prefixer = new LogPrefixer(labels, mode.colour);
  }

  get showsLogs(): boolean {
    return this.mode.logs && !this.mode.quiet;
  }

  /** One line a container wrote. */
  log(label: string, line: string): void {
    if (this.showsLogs) this.io.stdout.write(this.prefixer.line(label, line));
  }

  /** A status change (`web: Running 2/2`), and play's own progress (`Stopping…`). */
  status(line: string): void {
    if (this.mode.quiet) return;
    this.io.stdout.write(this.mode.colour ? `${DIM}${line}${RESET}\n` : `${line}\n`);
  }

  warn(line: string): void {
    if (!this.mode.quiet) this.io.stderr.write(`warning: ${line}\n`);
  }

  error(line: string): void {
    this.io.stderr.write(`error: ${line}\n`);
  }
}
