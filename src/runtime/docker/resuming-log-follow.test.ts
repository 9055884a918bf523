import { PassThrough, type Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { timestampNanos } from './monotonic-log-lines.js';
import { followLogResuming, type LogFollowSource } from './resuming-log-follow.js';

const at = (s: number) => `2026-11-24T16:55:${String(s).padStart(2, '0')}Z`;
const line = (s: number, text: string) => `${at(s)} ${text}\n`;

/** A fake engine log: the lines written so far, and the followed streams opened on it. */
function fakeLog() {
  const written: { at: bigint; text: string }[] = [];
  const opened: { since: bigint | undefined; stream: PassThrough }[] = [];
  const source: LogFollowSource = {
    open: async (since) => {
      const stream = new PassThrough();
      opened.push({ since, stream });
      for (const w of written) if (since === undefined || w.at >= since) stream.write(w.text);
      return stream;
    },
    hasLaterLine: async (since) => written.some((w) => w.at > since),
  };
  const write = (s: number, text: string, deliver: boolean) => {
    const w = { at: timestampNanos(at(s))!, text: line(s, text) };
    written.push(w);
    if (deliver) opened.at(-1)!.stream.write(w.text);
  };
  return { source, opened, write };
}

async function readUntil(stream: Readable, done: (text: string) => boolean): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += chunk.toString();
    if (done(text)) break;
  }
  return text;
}

describe('followLogResuming', () => {
  it('resumes a stalled follow from the last line delivered, each line once and in order', async () => {
    const log = fakeLog();
    log.write(1, 'a', false);
    const resumes: bigint[] = [];
    const out = await followLogResuming(log.source, { keepTimestamps: false, startedAt: 0n, stallMs: 20, onResume: (s) => resumes.push(s) });
    log.write(2, 'b', true);
    // The engine's follower stalls: these lines reach the file, not the stream.
    log.write(3, 'c', false);
    log.write(4, 'd', false);
    const text = await readUntil(out, (t) => t.includes('d\n'));
    expect(text).toBe('a\nb\nc\nd\n');
    expect(resumes).toEqual([timestampNanos(at(2))]);
    expect(log.opened.map((o) => o.since)).toEqual([undefined, timestampNanos(at(2))]);
    expect(log.opened[0]!.stream.destroyed).toBe(true);
    out.destroy();
  });

  it('does not reopen a log that is merely quiet, and ends when the stream ends', async () => {
    const log = fakeLog();
    const out = await followLogResuming(log.source, { keepTimestamps: true, startedAt: 0n, stallMs: 10, maxCheckMs: 20 });
    log.write(1, 'only', true);
    await new Promise((r) => setTimeout(r, 120));
    log.opened[0]!.stream.end();
    expect(await readUntil(out, () => false)).toBe(line(1, 'only'));
    expect(log.opened).toHaveLength(1);
  });

  it('stops following, and the engine stream, when aborted', async () => {
    const log = fakeLog();
    const controller = new AbortController();
    const out = await followLogResuming(log.source, { keepTimestamps: false, startedAt: 0n, signal: controller.signal });
    log.write(1, 'x', true);
    controller.abort();
    expect(await readUntil(out, () => false)).toBe('x\n');
    expect(log.opened[0]!.stream.destroyed).toBe(true);
  });
});
