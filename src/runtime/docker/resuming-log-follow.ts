import { PassThrough, type Readable } from 'node:stream';
import { MonotonicLogLines } from './monotonic-log-lines.js';

/** Where a followed log comes from: the engine, or a fake in tests. */
export interface LogFollowSource {
  /** A followed stream of demultiplexed, timestamped lines; from `since` (inclusive) when resuming. */
  open(since: bigint | undefined): Promise<Readable>;
  /** Whether the log holds a line later than `since` (one non-follow read of the last line). */
  hasLaterLine(since: bigint): Promise<boolean>;
}

export interface ResumingFollowOptions {
  keepTimestamps: boolean;
  /** When the follow started, in nanoseconds: the resume point before any line came. */
  startedAt: bigint;
  /** Quiet this long, the log is checked for lines the stream did not deliver. */
  stallMs?: number;
  /** The check backs off, doubling, to this while the log really is quiet. */
  maxCheckMs?: number;
  signal?: AbortSignal;
  onResume?: (since: bigint) => void;
}

/**
 * Follows a container log and keeps following it when the engine's stream stalls. Docker 20.10's
 * json-file follower can stop delivering at a rotation while the container keeps writing (seen
 * here: `docker logs -f` hung in 1 of 5 runs of a container writing 5 MB through 1 MiB × 2 files).
 * When the stream has been quiet for `stallMs`, one non-follow read asks the engine for a line later
 * than the last one delivered; if there is one, the stream is replaced by a follow resumed from that
 * timestamp, and MonotonicLogLines drops what comes twice. A quiet log costs one check per
 * `maxCheckMs` at most.
 */
export async function followLogResuming(source: LogFollowSource, options: ResumingFollowOptions): Promise<Readable> {
  const stallMs = options.stallMs ?? 2000;
  const maxCheckMs = options.maxCheckMs ?? 10_000;
  const lines = new MonotonicLogLines(options.keepTimestamps);
  const out = new PassThrough();
  let current = await source.open(undefined);
  let lastDataAt = Date.now();
  let checkEvery = stallMs;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    current.destroy();
  };
  const attach = (stream: Readable) => {
    stream.on('data', (chunk: Buffer) => {
      if (stream !== current) return;
      lastDataAt = Date.now();
      checkEvery = stallMs;
      const text = lines.write(chunk);
      if (text !== '' && !out.write(text)) {
        stream.pause();
        out.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => {
      if (stream !== current || closed) return;
      close();
      out.end(lines.end());
    });
    stream.on('error', (err) => {
      if (stream !== current || closed) return;
      close();
      out.destroy(err);
    });
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void check(), checkEvery);
    timer.unref();
  };
  const check = async () => {
    // Held back by a slow reader, or data came lately: not a stall.
    if (current.isPaused() || Date.now() - lastDataAt < stallMs) return schedule();
    const since = lines.newest >= 0n ? lines.newest : options.startedAt;
    let later = false;
    try {
      later = await source.hasLaterLine(since);
    } catch {
      // The container went away, or the engine is busy: the stream's own end or error decides.
    }
    if (closed) return;
    if (!later) {
      checkEvery = Math.min(checkEvery * 2, maxCheckMs);
      return schedule();
    }
    options.onResume?.(since);
    let next: Readable;
    try {
      next = await source.open(since);
    } catch (err) {
      close();
      out.destroy(err as Error);
      return;
    }
    if (closed) {
      next.destroy();
      return;
    }
    const stalled = current;
    current = next;
    stalled.destroy();
    lines.dropPartial();
    lastDataAt = Date.now();
    attach(next);
    schedule();
  };

  attach(current);
  out.on('close', close);
  options.signal?.addEventListener('abort', () => {
    close();
    out.end();
  }, { once: true });
  schedule();
  return out;
}
