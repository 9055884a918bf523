/**
 * Docker's json-file driver, followed across a rotation, can replay lines it already sent (it
 * reopens a rotated file from an earlier offset: moby#40584, cri-dockerd#150), and a follow that is
 * resumed from the last timestamp sends that line again. Lines come with the engine's timestamps
 * (`2026-11-24T16:55:01.123456789Z <text>`); this drops any line older than the newest one already
 * passed on, so a follower sees each line once and in order, and strips the timestamps again unless
 * the caller asked for them. Lines rotated away before they were read stay lost, as with any
 * bounded log.
 */
export class MonotonicLogLines {
  private pending = '';
  private newestLine = '';
  /** Nanoseconds of the newest line passed on; -1 before any. */
  newest = -1n;

  constructor(private readonly keepTimestamps: boolean) {}

  /** Takes a chunk of the stream; returns the whole lines to pass on (possibly ''). */
  write(chunk: Buffer | string): string {
    const text = this.pending + chunk.toString();
    let out = '';
    let start = 0;
    let newline: number;
    // One cut per line, and one for the rest: a 64 KiB chunk is not copied once per line.
    while ((newline = text.indexOf('\n', start)) >= 0) {
      out += this.pass(text.slice(start, newline));
      start = newline + 1;
    }
    this.pending = text.slice(start);
    return out;
  }

  /** The stream ended: a last line without a newline, passed on as it came. */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    if (rest === '') return '';
    const space = rest.indexOf(' ');
    return space > 0 && timestampNanos(rest.slice(0, space)) !== undefined ? this.shown(rest, space) : rest;
  }

  /** The stream is being replaced by one resumed from `newest`: the half line comes again whole. */
  dropPartial(): void {
    this.pending = '';
  }

  private pass(line: string): string {
    const space = line.indexOf(' ');
    const at = space > 0 ? timestampNanos(line.slice(0, space)) : undefined;
    if (at === undefined) return `${line}\n`;
    // Older, or the very line passed on last (its timestamp and text): a replay.
    if (at < this.newest || (at === this.newest && line === this.newestLine)) return '';
    this.newest = at;
    this.newestLine = line;
    return `${this.shown(line, space)}\n`;
  }

  /** A timestamped line as the caller asked for it: with its timestamp, or without. */
  private shown(line: string, space: number): string {
    return this.keepTimestamps ? line : line.slice(space + 1);
  }
}

/** RFC 3339 with up to nine fraction digits (Docker trims trailing zeros) → nanoseconds; else undefined. */
export function timestampNanos(text: string): bigint | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) return undefined;
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** Nanoseconds → the Engine API's `since` form, `<seconds>.<nanoseconds>`. */
export function dockerSince(nanos: bigint): string {
  return `${nanos / 1_000_000_000n}.${(nanos % 1_000_000_000n).toString().padStart(9, '0')}`;
}
