import type { Logger } from 'pino';
import { type RecordMessages, readJsonRecord, stringEntries, writeJsonRecord } from '../shared/json-record.js';

/** Under the agent's root dir: which manifest file owns each pod name, ConfigMap and Secret (issue 17 §5). */
export const OWNER_RECORD_FILE = 'manifest-owners.json';
/**
 * The record's `owners`: `namespace/name` (a pod) or `configmap|secret/namespace/name`
 * (`configObjectKey`) → the manifest file (full path) whose definition holds that name.
 */
const FIELD = 'owners';
const MESSAGES: RecordMessages = {
  unreadable: 'Ignored an unreadable or invalid manifest owner record; duplicated pod names go to the file seen first',
  unwritable: 'Failed to record which manifest file owns each pod name; an agent restart may give a duplicated name to another file',
};

/**
 * Which file owns each pod name, kept on disk so that an agent restart gives a duplicated name to
 * the file that held it before, not to whichever file the directory lists first.
 *
 * Why a file of our own rather than the `minikubelet.io/manifest-file` label of the running pod:
 * the record is written as the sync loop starts on a new owner (only a crash in those
 * milliseconds, with a name two files claim, loses it), so it is right even when the owner's pod
 * has no container yet (an image pull, admission refused, a crash loop between instances, a Never
 * pod that finished and was cleaned up), and the manifest source needs nothing from the runtime
 * layer. The label stays what it was: a description of a container. A lost or
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
    await writeJsonRecord(this.file, FIELD, next, this.log, MESSAGES);
  }

  private async read(file: string): Promise<Map<string, string>> {
    return stringEntries(await readJsonRecord(file, FIELD, this.log, MESSAGES));
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
