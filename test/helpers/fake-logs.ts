/** Container logs for the fake runtime: stored lines, tail/since/timestamps, live followers. */
import { PassThrough, type Readable } from 'node:stream';
import type { LogOptions } from '../../src/runtime/types.js';

interface LogLine {
  timeMs: number;
  text: string;
}

export class FakeLogs {
  private readonly lines = new Map<string, LogLine[]>();
  private readonly followers = new Map<string, Set<{ stream: PassThrough; timestamps: boolean }>>();

  constructor(private readonly now: () => number) {}

  /** Appends `text`, split into lines (a trailing partial line counts as one). */
  append(id: string, text: string): void {
    const stored = this.lines.get(id) ?? [];
    this.lines.set(id, stored);
    for (const piece of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
      const line = { timeMs: this.now(), text: piece };
      stored.push(line);
      for (const follower of this.followers.get(id) ?? []) follower.stream.write(format(line, follower.timestamps));
    }
  }

  /** What Docker's logs endpoint returns; a follow stays open until endFollowers or the signal. */
  read(id: string, options: LogOptions, follow: boolean, signal?: AbortSignal): Readable {
    const stream = new PassThrough();
    let lines = this.lines.get(id) ?? [];
    if (options.sinceSeconds !== undefined) {
      const since = this.now() - options.sinceSeconds * 1000;
      lines = lines.filter((line) => line.timeMs >= since);
    }
    if (options.tail !== undefined) lines = options.tail === 0 ? [] : lines.slice(-options.tail);
    for (const line of lines) stream.write(format(line, options.timestamps));
    if (!follow || signal?.aborted) {
      stream.end();
      return stream;
    }
    const follower = { stream, timestamps: options.timestamps };
    const set = this.followers.get(id) ?? new Set();
    this.followers.set(id, set.add(follower));
    const stop = (): void => {
      set.delete(follower);
      stream.end();
    };
    signal?.addEventListener('abort', stop, { once: true });
    stream.once('close', () => set.delete(follower));
    return stream;
  }

  /** The container stopped: every follow ends, as Docker's does. */
  endFollowers(id: string): void {
    for (const follower of this.followers.get(id) ?? []) follower.stream.end();
    this.followers.delete(id);
  }

  forget(id: string): void {
    this.endFollowers(id);
    this.lines.delete(id);
  }
}

/** Docker prefixes RFC 3339 timestamps with nanoseconds. */
function format(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return line.text;
  const iso = new Date(line.timeMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  return `${iso} ${line.text}`;
}
