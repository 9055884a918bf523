import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquirePlayLock } from './play-lock.js';

describe('acquirePlayLock', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'play-lock-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('takes a free lock, writing its pid, and releases it', async () => {
    const taken = await acquirePlayLock(dir, 4242);
    expect(taken).toMatchObject({ ok: true, stale: false });
    expect(await readFile(path.join(dir, 'play.pid'), 'utf8')).toBe('4242\n');
    if (taken.ok) await taken.lock.release();
    expect(await acquirePlayLock(dir, 4243)).toMatchObject({ ok: true, stale: false });
  });

  it('takes over the lock of a process that is gone', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.on('exit', resolve));
    await writeFile(path.join(dir, 'play.pid'), `${child.pid}\n`);
    expect(await acquirePlayLock(dir, 4242)).toMatchObject({ ok: true, stale: true });
  });

  it('refuses while a live minikubelet process holds it', async () => {
    // A process whose command line names minikubelet, as a running play's does.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', 'minikubelet']);
    try {
      await writeFile(path.join(dir, 'play.pid'), `${child.pid}\n`);
      expect(await acquirePlayLock(dir, 4242)).toEqual({ ok: false, pid: child.pid });
    } finally {
      child.kill();
    }
  });

  it('takes over from a live process that is not minikubelet (a reused pid)', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(path.join(dir, 'play.pid'), `${child.pid}\n`);
      expect(await acquirePlayLock(dir, 4242)).toMatchObject({ ok: true, stale: true });
    } finally {
      child.kill();
    }
  });
});
