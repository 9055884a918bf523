import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { podDir } from './pod-dirs.js';

/**
 * The agent's own directories are not for other local users (issue 17): the root dir, `pods/` and
 * each pod's directory are 0750 whatever the umask, so no one but root (and the root group) reads
 * another pod's emptyDir or Memory volume through them. Containers reach their volumes through
 * bind mounts, which do not cross these directories' permissions.
 */
export const AGENT_DIR_MODE = 0o750;

export async function ensureAgentDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: AGENT_DIR_MODE });
  await chmod(dir, AGENT_DIR_MODE);
}

/** The pod's directory, created 0750 (with `pods/`) before anything is written in it. */
export async function ensurePodDir(rootDir: string, podUid: string): Promise<string> {
  const dir = podDir(rootDir, podUid);
  await ensureAgentDir(path.dirname(dir));
  await ensureAgentDir(dir);
  return dir;
}
