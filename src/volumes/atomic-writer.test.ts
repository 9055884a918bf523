import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileProjection, checkPayloadPath, writeAtomically } from './atomic-writer.js';

const file = (text: string, mode = 0o644): FileProjection => ({ data: Buffer.from(text), mode });

describe('writeAtomically (the kubelet AtomicWriter)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atomic-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const timestamped = async () => (await readdir(dir)).filter((n) => /^\.\.\d{4}_/.test(n));

  it('writes a timestamped directory, swaps ..data to it and links each top-level name through ..data', async () => {
    expect(await writeAtomically(dir, new Map([['a', file('one', 0o400)], ['sub/b', file('two')]]))).toBe(true);
    const [ts] = await timestamped();
    expect(await readlink(path.join(dir, '..data'))).toBe(ts);
    expect(await readlink(path.join(dir, 'a'))).toBe('..data/a');
    expect(await readlink(path.join(dir, 'sub'))).toBe('..data/sub');
    expect(await readFile(path.join(dir, 'sub/b'), 'utf8')).toBe('two');
    expect((await stat(path.join(dir, 'a'))).mode & 0o777).toBe(0o400);
    expect((await readdir(dir)).sort()).toEqual(['..data', ts, 'a', 'sub'].sort());
  });

  it('does nothing when the payload is unchanged, and swaps everything at once when it changes', async () => {
    await writeAtomically(dir, new Map([['a', file('one')], ['b', file('x')]]));
    const [first] = await timestamped();
    expect(await writeAtomically(dir, new Map([['a', file('one')], ['b', file('x')]]))).toBe(false);
    expect(await timestamped()).toEqual([first]);
    expect(await writeAtomically(dir, new Map([['a', file('one', 0o600)], ['c', file('new')]]))).toBe(true);
    const [second] = await timestamped();
    expect(second).not.toBe(first);
    expect((await readdir(dir)).sort()).toEqual(['..data', second, 'a', 'c'].sort()); // b is gone, the old directory too
    expect(await readFile(path.join(dir, 'c'), 'utf8')).toBe('new');
    expect((await stat(path.join(dir, 'a'))).mode & 0o777).toBe(0o600);
  });

  it('writes an empty payload (an optional object that is missing)', async () => {
    expect(await writeAtomically(dir, new Map())).toBe(true);
    expect(await readdir(path.join(dir, '..data'))).toEqual([]);
  });

  it.each(['/abs', '../up', 'a/../b', '..data', ''])('refuses the payload path %j', (p) => {
    expect(() => checkPayloadPath(p)).toThrow(/invalid path/);
  });
});
