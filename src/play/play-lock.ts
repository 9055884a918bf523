import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const LOCK_FILE = 'play.pid';

/** Held by one play of a set of files at a time: the pid of the process holding it, in the state dir. */
export interface PlayLock {
  release(): Promise<void>;
}

export type LockResult = { ok: true; lock: PlayLock; stale: boolean } | { ok: false; pid: number };

/**
 * Takes the run's lock: refused while another live process holds it; a lock left by a process
 * that is gone (a `play` killed with SIGKILL) is taken over, and `stale` says so.
 */
export async function acquirePlayLock(stateDir: string, pid: number = process.pid): Promise<LockResult> {
  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  const file = path.join(stateDir, LOCK_FILE);
  let stale = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644);
      await handle.writeFile(`${pid}\n`);
      await handle.close();
      return { ok: true, stale, lock: { release: () => rm(file, { force: true }) } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder !== pid && (await isPlaying(holder))) return { ok: false, pid: holder };
    stale = true;
    await rm(file, { force: true });
  }
  return { ok: false, pid: Number.NaN };
}

/** Whether `pid` is a live minikubelet process (a reused pid of another program does not count). */
async function isPlaying(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return cmdline === undefined || cmdline.includes('minikubelet');
}
