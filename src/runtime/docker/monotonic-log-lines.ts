import { Transform, type TransformCallback } from 'node:stream';

/**
 * Docker's json-file driver, followed across a rotation, can replay lines it already sent (it
 * reopens a rotated file from an earlier offset: moby#40584, cri-dockerd#150). Lines come with the
 * engine's timestamps (`2026-11-24T16:55:01.123456789Z <text>`); this drops any line older than
 * the newest one already passed on, so a follower sees each line once and in order, and strips the
 * timestamps again unless the caller asked for them. Lines rotated away before they were read stay
 * lost, as with any bounded log.
 */
export function monotonicLogLines(keepTimestamps: boolean): Transform {
  let pending = '';
  let newest = -1n;
  let newestLine = '';
  const pass = (line: string, out: Transform) => {
    const space = line.indexOf(' ');
    const at = space > 0 ? timestampNanos(line.slice(0, space)) : undefined;
    if (at === undefined) {
      out.push(`${line}\n`);
      return;
    }
    // Older, or the very line passed on last (its timestamp and text): a replay.
    if (at < newest || (at === newest && line === newestLine)) return;
    newest = at;
    newestLine = line;
    out.push(`${keepTimestamps ? line : line.slice(space + 1)}\n`);
  };
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done: TransformCallback) {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        pass(pending.slice(0, newline), this);
        pending = pending.slice(newline + 1);
      }
      done();
    },
    flush(done: TransformCallback) {
      if (pending !== '') {
        // A last line without a newline: passed on as it came.
        const space = pending.indexOf(' ');
        this.push(!keepTimestamps && space > 0 && timestampNanos(pending.slice(0, space)) !== undefined ? pending.slice(space + 1) : pending);
      }
      done();
    },
  });
}

/** RFC 3339 with up to nine fraction digits (Docker trims trailing zeros) → nanoseconds; else undefined. */
export function timestampNanos(text: string): bigint | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) return undefined;
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}
