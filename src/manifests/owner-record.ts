import { open, readFile, rename, rm } from 'node:fs/promises';
import type { Logger } from 'pino';

/** Under the agent's root dir: which manifest file owns each pod name, ConfigMap and Secret (issue 17 §5). */
export const OWNER_RECORD_FILE = 'manifest-owners.json';
/** It names manifest files, nothing secret, but is not for every local user. */
const RECORD_MODE = 0o640;

interface RecordFile {
  version: 1;
  /**
   * `namespace/name` (a pod) or `configmap|secret/namespace/name` (`configObjectKey`) → the
   * manifest file (full path) whose definition holds that name.
   */
  owners: Record<string, string>;
}

/**
 * Which file owns each pod name, kept on disk so that an agent restart gives a duplicated name to
 * the file that held it before, not to whichever file the directory lists first.
 *
 * Why a file of our own rather than the `minikubelet.io/manifest-file` label of the running pod:
 * the record is written before the sync loop acts on a new owner (write-ahead), so it is right even
 * when the owner's pod has no container yet (an image pull, admission refused, a crash loop between
 * instances, a Never pod that finished and was cleaned up), and the manifest source needs nothing
 * from the runtime layer. The label stays what it was: a description of a container. A lost or
 * unreadable record only falls back to the order of first sight (today's rule); a write that fails
 * (a full disk) is logged and the record in memory goes on deciding.
 */
export class OwnerRecord {
  private owners = new Map<string, string>();
  private loaded = false;

  /** `file` undefined: the record lives in memory only (tests, `play`). */
  constructor(private readonly file: string | undefined, private readonly log: Logger) {}

  /** The owners recorded; read from disk on the first call. */
  async current(): Promise<ReadonlyMap<string, string>> {
    if (!this.loaded) {
      this.loaded = true;
      if (this.file !== undefined) this.owners = await this.read(this.file);
    }
    return this.owners;
  }

  /** Records `next` (write-to-temp, fsync, rename) when it differs from what is recorded. */
  async update(next: ReadonlyMap<string, string>): Promise<void> {
    if (this.loaded && sameEntries(this.owners, next)) return;
    this.loaded = true;
    this.owners = new Map(next);
    if (this.file === undefined) return;
    const body: RecordFile = { version: 1, owners: Object.fromEntries([...next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    const temp = `${this.file}.tmp`;
    try {
      const handle = await open(temp, 'w', RECORD_MODE);
      try {
        await handle.chmod(RECORD_MODE);
        await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      this.log.warn({ err, file: this.file }, 'Failed to record which manifest file owns each pod name; an agent restart may give a duplicated name to another file');
    }
  }

  private async read(file: string): Promise<Map<string, string>> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn({ err, file }, 'Cannot read the manifest owner record; duplicated pod names go to the file seen first');
      return new Map();
    }
    try {
      const parsed = JSON.parse(text) as Partial<RecordFile> | null;
      if (parsed?.version !== 1 || typeof parsed.owners !== 'object' || parsed.owners === null) throw new Error('not a version 1 owner record');
      return new Map(Object.entries(parsed.owners).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch (err) {
      this.log.warn({ err, file }, 'Ignored an invalid manifest owner record; duplicated pod names go to the file seen first');
      return new Map();
    }
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
