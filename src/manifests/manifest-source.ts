import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ManifestProblem } from './manifest-problem.js';
import type { DesiredPod } from './desired-pod.js';
import { resolveDesiredPods } from './desired-pods.js';
import { ignoredReason, isManifestFileName } from './manifest-file-filter.js';
import { MAX_MANIFEST_BYTES, oversizedMessage } from './manifest-text.js';
import { type ParsedDocumentObject, type ParsedDocumentPod, formatManifestProblem, parseManifest } from './parse-manifest.js';
import { resolveConfigObjects } from './desired-config-objects.js';
import type { ConfigObject } from '../api/config-object-types.js';

/** Events arrive in bursts while an editor saves; one scan after the burst. */
const DEBOUNCE_MS = 50;

interface FileState {
  contentHash: string;
  firstSeenMs: number;
  /** The file's mtime: a touch (same content, newer mtime) asks for refused pods to be admitted again. */
  mtimeMs: number;
  /** The pods of the last version that parsed (kept while a later version fails). */
  lastGood: ParsedDocumentPod[];
  /** The ConfigMaps and Secrets of the last version that parsed. */
  lastGoodObjects: ParsedDocumentObject[];
  errors: ManifestProblem[];
  warnings: ManifestProblem[];
}

export interface ManifestSnapshot {
  pods: DesiredPod[];
  /** The directory's ConfigMaps and Secrets. */
  objects: ConfigObject[];
  problems: ManifestProblem[];
}

export interface ManifestSourceDeps {
  dir: string;
  nodeName: string;
  rescanMs: number;
  log: Logger;
  now: () => number;
  onChange: (snapshot: ManifestSnapshot) => void;
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
  private debounce: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescanRequested = false;
  private lastEmitted = '';
  private current: ManifestSnapshot = { pods: [], objects: [], problems: [] };
  private dirProblem: ManifestProblem | undefined;
  /** When the directory was last listed, for /healthz. */
  private lastListedMs: number | undefined;
  private readonly reportedIgnored = new Set<string>();

  constructor(private readonly deps: ManifestSourceDeps) {}

  async start(): Promise<void> {
    await this.scan();
    this.rescanTimer = setInterval(() => void this.scan(), this.deps.rescanMs);
    this.rescanTimer.unref();
  }

  stop(): void {
    clearInterval(this.rescanTimer);
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  snapshot(): ManifestSnapshot {
    return this.current;
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
      this.watcher = watch(this.deps.dir, { persistent: false }, () => this.scheduleScan());
      this.watcher.on('error', (err) => {
        this.deps.log.warn({ err, dir: this.deps.dir }, 'Stopped watching the manifest directory; the periodic rescan goes on');
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (err) {
      this.deps.log.warn({ err, dir: this.deps.dir }, 'Failed to watch the manifest directory; relying on the periodic rescan');
    }
  }

  private scheduleScan(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.scan(), DEBOUNCE_MS);
  }

  private async scanOnce(): Promise<void> {
    const names = await this.listDir();
    if (names === undefined) return this.emit();
    this.lastListedMs = this.deps.now();
    this.ensureWatching();
    const present = new Set<string>();
    for (const name of names.sort()) {
      const file = path.join(this.deps.dir, name);
      present.add(file);
      await this.readOne(file);
    }
    for (const file of this.files.keys()) {
      if (!present.has(file)) {
        this.files.delete(file);
        this.deps.log.info({ file }, 'Removed manifest file');
      }
    }
    this.emit();
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

  private async readOne(file: string): Promise<void> {
    let content: Buffer | undefined;
    let size: number;
    let mtimeMs: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return;
      size = info.size;
      mtimeMs = info.mtimeMs;
      if (size <= MAX_MANIFEST_BYTES) content = await readFile(file);
    } catch {
      return; // removed between readdir and read: the next scan drops it
    }
    const contentHash = content ? createHash('sha256').update(content).digest('hex') : `oversized:${size}`;
    const previous = this.files.get(file);
    if (previous?.contentHash === contentHash) {
      previous.mtimeMs = mtimeMs;
      return;
    }
    const parsed = content
      ? parseManifest({ file, content, nodeName: this.deps.nodeName })
      : { pods: [], objects: [], warnings: [], errors: [{ severity: 'error' as const, file, message: oversizedMessage(size) }] };
    const errors: ManifestProblem[] = [...parsed.errors];
    if (errors.length === 0 && parsed.pods.length === 0 && parsed.objects.length === 0) {
      errors.push({ severity: 'error', file, message: 'no Pod, ConfigMap or Secret in this file (is it half-written?)' });
    }
    const state: FileState = {
      contentHash,
      firstSeenMs: previous?.firstSeenMs ?? this.deps.now(),
      mtimeMs,
      lastGood: errors.length === 0 ? parsed.pods : (previous?.lastGood ?? []),
      lastGoodObjects: errors.length === 0 ? parsed.objects : (previous?.lastGoodObjects ?? []),
      errors,
      warnings: parsed.warnings,
    };
    this.files.set(file, state);
    for (const p of errors) this.deps.log.error({ file }, `Rejected manifest: ${formatManifestProblem(p)}`);
    for (const p of parsed.warnings) this.deps.log.warn({ file }, `Manifest warning: ${formatManifestProblem(p)}`);
    if (errors.length === 0) this.deps.log.info({ file, pods: parsed.pods.length, objects: parsed.objects.length }, 'Read manifest file');
    else if (state.lastGood.length + state.lastGoodObjects.length > 0) this.deps.log.warn({ file }, 'Kept the pods of the last good version of the manifest file');
  }

  private emit(): void {
    const resolved = resolveDesiredPods(
      [...this.files.entries()].map(([file, s]) => ({ file, firstSeenMs: s.firstSeenMs, mtimeMs: s.mtimeMs, pods: s.lastGood })),
    );
    const config = resolveConfigObjects([...this.files.entries()].map(([file, s]) => ({ file, firstSeenMs: s.firstSeenMs, objects: s.lastGoodObjects })));
    const problems: ManifestProblem[] = [
      ...(this.dirProblem ? [this.dirProblem] : []),
      ...[...this.files.values()].flatMap((s) => s.errors),
      ...resolved.errors,
      ...config.errors,
      ...[...this.files.values()].flatMap((s) => s.warnings),
    ];
    this.current = {
      pods: resolved.pods,
      objects: config.objects,
      problems,
    };
    const podsChanged = resolved.pods.map((p) => [p.pod.metadata.uid, p.fileMtimeMs, p.file, p.document]);
    const fingerprint = JSON.stringify([podsChanged, config.fingerprint, problems]);
    if (fingerprint === this.lastEmitted) return;
    this.lastEmitted = fingerprint;
    this.deps.onChange(this.current);
  }
}
