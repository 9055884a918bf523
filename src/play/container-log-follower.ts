import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { LineSplitter } from './log-prefix.js';
import type { PlayOutput } from './play-output.js';

/**
 * Streams every container instance's output to play's output, once per instance, from its first
 * line: a restarted container's new instance is a new stream under the same label.
 */
export class ContainerLogFollower {
  private readonly followed = new Set<string>();
  private readonly streams = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly runtime: ContainerRuntime, private readonly output: PlayOutput) {}

  follow(containerId: string, label: string): void {
    if (!this.output.showsLogs || this.followed.has(containerId) || this.abort.signal.aborted) return;
    this.followed.add(containerId);
    const done = this.stream(containerId, label).finally(() => this.streams.delete(containerId));
    this.streams.set(containerId, done);
  }

  /** Waits (at most `ms`) for the streams of containers that have exited to end, so their last lines are out. */
  async settle(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.streams.values()), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  stop(): void {
    this.abort.abort();
  }

  private async stream(containerId: string, label: string): Promise<void> {
    const lines = new LineSplitter();
    try {
      const stream = await this.runtime.logs(containerId, { follow: true, timestamps: false }, this.abort.signal);
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        for (const line of lines.push(chunk.toString())) this.output.log(label, line);
      }
    } catch {
      // The container went (removed at the end, or by the agent's garbage collection): its stream ends.
    }
    for (const line of lines.end()) this.output.log(label, line);
  }
}
