import type { Logger } from 'pino';
import { type RecordMessages, readJsonRecord, stringEntries, writeJsonRecord } from '../shared/json-record.js';
import type { Pod } from '../api/pod-types.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { adoptUids, withUid } from './uid-adoption.js';

/** Under the agent's root dir: the pods adopted across an upgrade (new UID → the UID they run under). */
export const ADOPTED_UIDS_FILE = 'adopted-uids.json';
/** The record's `adopted`: new UID → the UID the pod runs under. */
const FIELD = 'adopted';
const MESSAGES: RecordMessages = {
  unreadable: 'Ignored an unreadable or invalid record of adopted pod UIDs; relabelled pods of an older agent may restart',
  unwritable: 'Failed to record the adopted pod UIDs; after an agent restart a relabelled adopted pod may be started again',
};

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
    this.adopted = stringEntries(await readJsonRecord(this.file, FIELD, this.log, MESSAGES));
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
    await writeJsonRecord(this.file, FIELD, this.adopted, this.log, MESSAGES);
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
