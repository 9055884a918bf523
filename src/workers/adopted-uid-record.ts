import { open, readFile, rename, rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Pod } from '../api/pod-types.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { adoptUids, withUid } from './uid-adoption.js';

/** Under the agent's root dir: the pods adopted across an upgrade (new UID → the UID they run under). */
export const ADOPTED_UIDS_FILE = 'adopted-uids.json';
const RECORD_MODE = 0o640;

interface RecordFile {
  version: 1;
  adopted: Record<string, string>;
}

/**
 * Carries out `adoptUids` and keeps its record on disk: a pod adopted under its old UID must stay
 * adopted when it is relabelled after an agent restart, and the legacy UID alone no longer names it
 * then. A lost record only means such a pod, relabelled, is started again under its new UID; a
 * write that fails (a full disk) is logged and the record in memory goes on deciding.
 */
export class AdoptedUidRecord {
  private adopted = new Map<string, string>();
  /** One adopted object per desired pod object, so an unchanged pod does not look changed. */
  private readonly adoptedPods = new WeakMap<Pod, Pod>();
  /** Writes one at a time, in order: the last one on disk is the last decided. */
  private saving = Promise.resolve();

  /** `file` undefined: in memory only (tests, `play`). */
  constructor(private readonly file: string | undefined, private readonly log: Logger) {}

  async load(): Promise<void> {
    if (this.file === undefined) return;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn({ err, file: this.file }, 'Cannot read the adopted pod UIDs; relabelled pods of an older agent may restart');
      return;
    }
    try {
      const parsed = JSON.parse(text) as Partial<RecordFile> | null;
      if (parsed?.version !== 1 || typeof parsed.adopted !== 'object' || parsed.adopted === null) throw new Error('not a version 1 record');
      this.adopted = new Map(Object.entries(parsed.adopted).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch (err) {
      this.log.warn({ err, file: this.file }, 'Ignored an invalid record of adopted pod UIDs; relabelled pods of an older agent may restart');
    }
  }

  adopt(desired: readonly DesiredPod[], liveUids: (fullName: string) => readonly string[]): DesiredPod[] {
    const result = adoptUids(desired, liveUids, this.adopted, (pod, uid) => {
      const known = this.adoptedPods.get(pod);
      if (known?.metadata.uid === uid) return known;
      const adopted = withUid(pod, uid);
      this.adoptedPods.set(pod, adopted);
      return adopted;
    });
    for (const [uid, old] of result.adopted) {
      if (this.adopted.get(uid) !== old) this.log.info({ podUid: old, newUid: uid }, 'Adopted a pod started by an older agent under its UID');
    }
    if (!sameEntries(this.adopted, result.adopted)) {
      this.adopted = result.adopted;
      this.saving = this.saving.then(() => this.save());
    }
    return result.pods;
  }

  private async save(): Promise<void> {
    if (this.file === undefined) return;
    const body: RecordFile = { version: 1, adopted: Object.fromEntries(this.adopted) };
    const temp = `${this.file}.tmp`;
    try {
      const handle = await open(temp, 'w', RECORD_MODE);
      try {
        await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      this.log.warn({ err, file: this.file }, 'Failed to record the adopted pod UIDs; after an agent restart a relabelled adopted pod may be started again');
    }
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
