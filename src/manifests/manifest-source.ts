import { type FSWatcher, watch } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ManifestProblem } from './manifest-problem.js';
import { ignoredReason, isManifestFileName } from './manifest-file-filter.js';
import { type FileState, type ManifestSnapshot, resolveSnapshot } from './manifest-snapshot.js';
import { OwnerRecord } from './owner-record.js';
import { formatManifestProblem } from './parse-manifest.js';
import { definesNothing, parseManifestFile, readManifestFile } from './read-manifest-file.js';
import { DEBOUNCE_MS, READ_ALL_EVERY, READ_AT_ONCE, type Schedule, VANISHED_FILE_GRACE_MS, realSchedule } from './scan-timing.js';

export type { ManifestSnapshot } from './manifest-snapshot.js';

export interface ManifestSourceDeps {
  dir: string;
  nodeName: string;
  rescanMs: number;
  log: Logger;
  now: () => number;
  onChange: (snapshot: ManifestSnapshot) => void;
  /** Where to record which file owns each pod name (`<root-dir>/manifest-owners.json`); in memory when absent. */
  ownersFile?: string;
  /** The debounce and grace timers (default: setTimeout). */
  schedule?: Schedule;
}

/**
 * The static-pod directory (kubelet config/file.go, with our deliberate differences): a full scan
 * at start, on file events (debounced) and on a periodic rescan as a safety net; each scan emits
 * the whole desired set when it changed. A file that fails keeps its last good pods and reports
 * its errors; one file never affects another.
 */
export class ManifestSource {
  private readonly files = new Map<string, FileState>();
  private watcher: FSWatcher | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private cancelDebounce: (() => void) | undefined;
  private cancelGraceScan: (() => void) | undefined;
  /** Files that vanished, or turned empty while they had pods, since when (their pods are kept). */
  private readonly graceSince = new Map<string, number>();
  private readonly owners: OwnerRecord;
  private readonly schedule: Schedule;
  private stopped = false;
  /** Scans so far: every READ_ALL_EVERY-th reads each file whatever stat shows. */
  private scans = 0;
  private scanning: Promise<void> | undefined;
  private rescanRequested = false;
  private lastEmitted = '';
  private current: ManifestSnapshot = { pods: [], objects: [], services: [], problems: [] };
  private dirProblem: ManifestProblem | undefined;
  /** When the directory was last listed, for /healthz. */
  private lastListedMs: number | undefined;
  private readonly reportedIgnored = new Set<string>();
  /** A file read while probably still being written, with the content then: read once more before reporting. */
  private readonly settling = new Map<string, string>();

  constructor(private readonly deps: ManifestSourceDeps) {
    this.owners = new OwnerRecord(deps.ownersFile, deps.log);
    this.schedule = deps.schedule ?? realSchedule;
  }

  async start(): Promise<void> {
    await this.scan();
    this.rescanTimer = setInterval(() => void this.scan(), this.deps.rescanMs);
    this.rescanTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.rescanTimer);
    this.cancelDebounce?.();
    this.cancelGraceScan?.();
    this.watcher?.close();
    this.watcher = undefined;
  }

  snapshot(): ManifestSnapshot {
    return this.current;
  }

  /**
   * `file` was removed on purpose (a delete through the API): no vanished-file grace, its pods
   * stop at the next scan.
   */
  removedOnPurpose(file: string): void {
    this.graceSince.set(file, this.deps.now() - VANISHED_FILE_GRACE_MS);
  }

  /** When the directory was last listed, and why it cannot be now (for /healthz). */
  listing(): { lastListedMs: number | undefined; problem: string | undefined } {
    return { lastListedMs: this.lastListedMs, problem: this.dirProblem?.message };
  }

  /** Scans now; a scan asked for while one runs runs once more afterwards. */
  async scan(): Promise<void> {
    if (this.scanning) {
      this.rescanRequested = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescanRequested = false;
        await this.scanOnce();
      } while (this.rescanRequested);
    })().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private ensureWatching(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.deps.dir, { persistent: false }, (eventType) => this.scheduleScan(eventType === 'rename' ? 0 : DEBOUNCE_MS));
      this.watcher.on('error', (err) => {
        this.deps.log.warn({ err, dir: this.deps.dir }, 'Stopped watching the manifest directory; the periodic rescan goes on');
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (err) {
      this.deps.log.warn({ err, dir: this.deps.dir }, 'Failed to watch the manifest directory; relying on the periodic rescan');
    }
  }

  private scheduleScan(delayMs: number): void {
    this.cancelDebounce?.();
    this.cancelDebounce = this.schedule(() => void this.scan(), delayMs);
  }

  /** One scan when the earliest grace under way ends. */
  private armGraceScan(): void {
    this.cancelGraceScan?.();
    this.cancelGraceScan = undefined;
    if (this.graceSince.size === 0 || this.stopped) return;
    const ends = Math.min(...this.graceSince.values()) + VANISHED_FILE_GRACE_MS;
    // A timer, never an immediate: a grace that a scan could not end must not spin the event loop.
    this.cancelGraceScan = this.schedule(() => void this.scan(), Math.max(1, ends - this.deps.now()));
  }

  /** Whether `file`'s grace (starting now if it has not) is over. */
  private graceOver(file: string, why: string): boolean {
    let since = this.graceSince.get(file);
    if (since === undefined) {
      since = this.deps.now();
      this.graceSince.set(file, since);
      this.deps.log.info({ file, graceMs: VANISHED_FILE_GRACE_MS }, `Manifest file ${why}; keeping its pods for the grace period (an editor saving?)`);
    }
    return this.deps.now() - since >= VANISHED_FILE_GRACE_MS;
  }

  private async scanOnce(): Promise<void> {
    const names = await this.listDir();
    if (names === undefined) return this.emit(false);
    this.lastListedMs = this.deps.now();
    this.ensureWatching();
    const present = new Set(names.sort().map((name) => path.join(this.deps.dir, name)));
    const readAll = this.scans++ % READ_ALL_EVERY === 0;
    // Stat (and read what changed) several files at once, applied in name order: one at a time, a
    // directory of 100 manifests held a new file's pod back by 100 sequential stats.
    const files = [...present];
    for (let i = 0; i < files.length; i += READ_AT_ONCE) {
      const chunk = files.slice(i, i + READ_AT_ONCE);
      const reads = await Promise.all(chunk.map((file) => readManifestFile(file, readAll ? undefined : this.files.get(file)?.stamp)));
      chunk.forEach((file, j) => {
        const read = reads[j];
        // Listed but not readable as a file (removed since, a dangling link, EACCES): gone, as the
        // kubelet's file source skips it, after the same grace as a file that vanished.
        if (read === undefined) present.delete(file);
        else this.applyRead(file, read);
      });
    }
    for (const file of this.files.keys()) {
      if (!present.has(file) && this.graceOver(file, 'vanished')) {
        this.files.delete(file);
        this.graceSince.delete(file);
        this.deps.log.info({ file }, 'Removed manifest file');
      }
    }
    this.armGraceScan();
    await this.emit(true);
  }

  /** Manifest file names in the directory; undefined when it cannot be read (pods are kept). */
  private async listDir(): Promise<string[] | undefined> {
    try {
      const entries = await readdir(this.deps.dir, { withFileTypes: true });
      this.dirProblem = undefined;
      const names: string[] = [];
      for (const e of entries) {
        if (!e.isFile() && !e.isSymbolicLink()) continue;
        if (isManifestFileName(e.name)) names.push(e.name);
        else this.noteIgnored(e.name);
      }
      return names;
    } catch (err) {
      const message = `cannot read the manifest directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      if (this.dirProblem?.message !== message) this.deps.log.error({ dir: this.deps.dir, err }, 'Failed to read the manifest directory');
      this.dirProblem = { severity: 'error', file: this.deps.dir, message };
      // First scan with no directory: nothing is desired. Later: keep what runs (a transient unmount must not kill pods).
      return undefined;
    }
  }

  private noteIgnored(name: string): void {
    const reason = ignoredReason(name);
    if (!reason || this.reportedIgnored.has(name)) return;
    this.reportedIgnored.add(name);
    this.deps.log.warn({ file: path.join(this.deps.dir, name), reason }, 'Ignored file in the manifest directory');
  }

  /** What one file's read (`readManifestFile`) changes. */
  private applyRead(file: string, read: NonNullable<Awaited<ReturnType<typeof readManifestFile>>>): void {
    const previous = this.files.get(file);
    if (read === 'unchanged' || previous?.contentHash === read.contentHash) {
      if (read !== 'unchanged') Object.assign(previous!, { mtimeMs: read.mtimeMs, stamp: read.stamp });
      this.graceSince.delete(file); // back as it was (a rename over it, or delete-then-create)
      return;
    }
    const { contentHash, mtimeMs } = read;
    const parsed = parseManifestFile(file, read, this.deps.nodeName);
    const empty = definesNothing(parsed);
    if ((empty || parsed.errors.length > 0) && this.deps.now() - mtimeMs < DEBOUNCE_MS && this.settling.get(file) !== contentHash) {
      this.settling.set(file, contentHash);
      return this.scheduleScan(DEBOUNCE_MS);
    }
    this.settling.delete(file);
    const hasPods = previous !== undefined && previous.lastGood.length + previous.lastGoodObjects.length + previous.lastGoodServices.length > 0;
    // An empty file keeps the pods of its last version for the grace (truncate-then-write), then runs none.
    if (empty && hasPods && !this.graceOver(file, 'is empty')) return;
    this.graceSince.delete(file);
    const errors: ManifestProblem[] = [...parsed.errors];
    const warnings: ManifestProblem[] = empty
      ? [{ severity: 'warning', file, message: 'no Pod, ConfigMap, Secret, Service or Endpoints in this file: it runs nothing' }]
      : parsed.warnings;
    const state: FileState = {
      contentHash,
      stamp: read.stamp,
      firstSeenMs: previous?.firstSeenMs ?? this.deps.now(),
      mtimeMs,
      lastGood: errors.length === 0 ? parsed.pods : (previous?.lastGood ?? []),
      lastGoodObjects: errors.length === 0 ? parsed.objects : (previous?.lastGoodObjects ?? []),
      lastGoodServices: errors.length === 0 ? parsed.services : (previous?.lastGoodServices ?? []),
      errors,
      warnings,
    };
    this.files.set(file, state);
    for (const p of errors) this.deps.log.error({ file }, `Rejected manifest: ${formatManifestProblem(p)}`);
    for (const p of warnings) this.deps.log.warn({ file }, `Manifest warning: ${formatManifestProblem(p)}`);
    if (errors.length === 0) this.deps.log.info({ file, pods: parsed.pods.length, objects: parsed.objects.length, services: parsed.services.length }, 'Read manifest file');
    else if (state.lastGood.length + state.lastGoodObjects.length + state.lastGoodServices.length > 0) this.deps.log.warn({ file }, 'Kept the pods of the last good version of the manifest file');
  }

  /** Emits the desired set when it changed; `listed`: the directory was read (the owner record may change). */
  private async emit(listed: boolean): Promise<void> {
    const { snapshot, owners, fingerprint } = resolveSnapshot(this.files, await this.owners.current(), this.current.objects, this.dirProblem);
    // Written (and synced to disk) while the sync loop starts on the change, and awaited before the
    // next scan: a start no longer waits for the disk. Only a crash in those milliseconds, with a
    // name two files claim, could hand the name to the other file at restart.
    const recording = listed ? this.owners.update(owners) : undefined;
    this.current = snapshot;
    if (fingerprint !== this.lastEmitted) {
      this.lastEmitted = fingerprint;
      this.deps.onChange(this.current);
    }
    await recording;
  }
}
