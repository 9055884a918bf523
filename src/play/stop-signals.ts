/** How a run was asked to stop: by itself (its exit rules), or by a signal. */
export type StopReason = { kind: 'done'; exitCode: number; why: string } | { kind: 'signal'; signal: NodeJS.Signals };

/**
 * Ctrl-C as compose has it: the first SIGINT or SIGTERM asks for a graceful stop, the second for an
 * immediate one. `stopped` resolves at the first request (or `finish`); `forced` aborts at the second.
 */
export class StopSignals {
  readonly forced = new AbortController();
  readonly stopped: Promise<StopReason>;
  private resolve!: (reason: StopReason) => void;
  private requested = false;
  private readonly handler = (signal: NodeJS.Signals) => this.onSignal(signal);

  constructor(private readonly onForce: () => void) {
    this.stopped = new Promise((resolve) => (this.resolve = resolve));
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  /** The run ended by its own rules. */
  finish(exitCode: number, why: string): void {
    if (this.requested) return;
    this.requested = true;
    this.resolve({ kind: 'done', exitCode, why });
  }

  get stopping(): boolean {
    return this.requested;
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (!this.requested) {
      this.requested = true;
      this.resolve({ kind: 'signal', signal });
      return;
    }
    if (!this.forced.signal.aborted) {
      this.onForce();
      this.forced.abort();
    }
  }
}

/** The exit status of a run stopped by a signal: 128 + its number, as a shell reports it. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1;
}
