import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One file of a projected volume: its bytes and mode. */
export interface FileProjection {
  data: Buffer;
  mode: number;
}

const DATA_DIR = '..data';
const DATA_TMP = '..data_tmp';

/**
 * The kubelet's AtomicWriter (k8s `pkg/volume/util/atomic_writer.go`): a volume's files change
 * all at once or not at all. The payload is written into a new timestamped directory
 * (`..2024_05_01_12_00_00.123456789`), the `..data` symlink is swapped to it with one rename, the
 * user-visible names are symlinks through `..data` (`key -> ..data/key`), then names no longer in
 * the payload and the old directory are removed. Returns false when the payload is what the volume
 * already holds (nothing is written). A reader sees either the old set of files or the new one.
 */
export async function writeAtomically(targetDir: string, payload: ReadonlyMap<string, FileProjection>): Promise<boolean> {
  for (const p of payload.keys()) checkPayloadPath(p);
  await mkdir(targetDir, { recursive: true });
  const oldTsName = await readlink(path.join(targetDir, DATA_DIR)).catch(() => undefined);
  const oldTsDir = oldTsName !== undefined ? path.join(targetDir, oldTsName) : undefined;
  const oldFiles = oldTsDir ? await listFiles(oldTsDir) : [];
  if (oldTsDir && (await sameContent(oldTsDir, oldFiles, payload))) return false;
  const tsDir = await mkdtemp(path.join(targetDir, timestampPrefix(new Date())));
  try {
    await chmod(tsDir, 0o755);
    for (const [rel, file] of payload) {
      const full = path.join(tsDir, rel);
      await mkdir(path.dirname(full), { recursive: true, mode: 0o755 });
      await writeFile(full, file.data, { mode: file.mode });
      await chmod(full, file.mode); // the umask must not narrow it
    }
  } catch (err) {
    // A full disk (ENOSPC) mid-payload: the volume keeps its old files, and no half-written
    // directory is left to fill it further at every retry.
    await rm(tsDir, { recursive: true, force: true });
    throw err;
  }
  const tmpLink = path.join(targetDir, DATA_TMP);
  await rm(tmpLink, { force: true });
  await symlink(path.basename(tsDir), tmpLink);
  await rename(tmpLink, path.join(targetDir, DATA_DIR));
  const visible = topLevelNames([...payload.keys()]);
  for (const name of visible) {
    const link = path.join(targetDir, name);
    if (!(await lstat(link).catch(() => undefined))) await symlink(path.join(DATA_DIR, name), link);
  }
  for (const name of topLevelNames(oldFiles)) if (!visible.has(name)) await rm(path.join(targetDir, name), { force: true, recursive: true });
  if (oldTsDir) await rm(oldTsDir, { recursive: true, force: true });
  return true;
}

/** `..2006_01_02_15_04_05.` in UTC, as the kubelet names its directories (a random suffix follows). */
function timestampPrefix(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `..${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}.`;
}

/** atomic_writer.go `validatePath`: relative, no `..` element, not starting with `..`, at most 4096 bytes. */
export function checkPayloadPath(p: string): void {
  if (p === '') throw new Error('invalid path: must not be empty');
  if (p.length > 4096) throw new Error(`invalid path: must be less than or equal to 4096 characters: ${p}`);
  if (path.isAbsolute(p)) throw new Error(`invalid path: must be relative path: ${p}`);
  if (p.split('/').includes('..')) throw new Error(`invalid path: must not contain '..': ${p}`);
  if (p.startsWith('..')) throw new Error(`invalid path: must not start with '..': ${p}`);
}

function topLevelNames(paths: readonly string[]): Set<string> {
  return new Set(paths.map((p) => p.split('/')[0] ?? p));
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) files.push(...(await listFiles(dir, rel)));
    else files.push(rel);
  }
  return files;
}

async function sameContent(dir: string, files: readonly string[], payload: ReadonlyMap<string, FileProjection>): Promise<boolean> {
  if (files.length !== payload.size) return false;
  for (const rel of files) {
    const wanted = payload.get(rel);
    if (!wanted) return false;
    const full = path.join(dir, rel);
    const info = await stat(full);
    if ((info.mode & 0o7777) !== wanted.mode) return false;
    if (!(await readFile(full)).equals(wanted.data)) return false;
  }
  return true;
}
