import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { resolveDesiredPods } from '../manifests/desired-pods.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';
import { MAX_MANIFEST_BYTES, oversizedMessage } from '../manifests/manifest-text.js';
import { type ParsedDocumentPod, parseManifest } from '../manifests/parse-manifest.js';
import { type PlayInput, manifestFiles } from './play-inputs.js';

/** Editors save in bursts of events; one scan after the burst. */
const DEBOUNCE_MS = 100;
/** The safety net behind file events while watching (an editor's rename can escape a watch). */
const RESCAN_MS = 5_000;

interface FileState {
  contentHash: string;
  firstSeenMs: number;
  mtimeMs: number;
  lastGood: ParsedDocumentPod[];
  problems: ManifestProblem[];
}

export interface PlaySnapshot {
  pods: DesiredPod[];
  problems: ManifestProblem[];
}

export interface PlaySourceDeps {
  inputs: readonly PlayInput[];
  /** What stdin held, read once at start. */
  stdin: string | undefined;
  nodeName: string;
  now: () => number;
}

/** What a scan after the first tells while watching. */
export interface PlaySourceHandlers {
  /** The problems of files that changed since the previous scan. */
  onProblems: (problems: ManifestProblem[]) => void;
  /** The desired pods, when they changed. */
  onChange: (pods: DesiredPod[]) => void;
}

/**
 * The manifests `play` was given, read as the agent reads its directory (the same parser, the same
 * rules across files: `resolveDesiredPods`), from a list of files and directories instead of one
 * directory. With `watch()`, an edit applies as in the daemon: a file that fails keeps its last
 * good pods and reports its problems; a file removed from a directory removes its pods.
 */
export class PlaySource {
  private readonly files = new Map<string, FileState>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private scanning: Promise<PlaySnapshot> | undefined;
  private again = false;
  private lastEmitted = '';
  private started = false;
  private handlers: PlaySourceHandlers | undefined;

  constructor(private readonly deps: PlaySourceDeps) {}

  /** Reads every input now; the first scan's problems are the caller's to show (nothing is emitted). */
  async scan(): Promise<PlaySnapshot> {
    if (this.scanning) {
      this.again = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      let snapshot: PlaySnapshot;
      do {
        this.again = false;
        snapshot = await this.scanOnce();
      } while (this.again);
      return snapshot;
    })().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  /** Rescans on changes to the inputs' directories, and every few seconds, telling `handlers`. */
  watch(handlers: PlaySourceHandlers): void {
    this.handlers = handlers;
    const dirs = new Set(this.deps.inputs.filter((i) => i.kind !== 'stdin').map((i) => (i.kind === 'dir' ? i.path : path.dirname(i.path))));
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.scheduleScan());
        watcher.on('error', () => watcher.close());
        this.watchers.push(watcher);
      } catch {
        // The periodic rescan still sees the change.
      }
    }
    this.timer = setInterval(() => void this.scan(), RESCAN_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    for (const w of this.watchers.splice(0)) w.close();
  }

  private scheduleScan(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.scan(), DEBOUNCE_MS);
  }

  private async scanOnce(): Promise<PlaySnapshot> {
    const listed = await manifestFiles(this.deps.inputs);
    const changed: ManifestProblem[] = listed.errors.map((e) => ({ severity: 'error', file: e.file, message: e.message }));
    for (const file of listed.files) changed.push(...(await this.readOne(file)));
    for (const file of this.files.keys()) if (!listed.files.includes(file)) this.files.delete(file);
    const resolved = resolveDesiredPods([...this.files].map(([file, s]) => ({ file, firstSeenMs: s.firstSeenMs, mtimeMs: s.mtimeMs, pods: s.lastGood })));
    const problems = [...changed.filter((p) => p.severity === 'error'), ...resolved.errors, ...changed.filter((p) => p.severity === 'warning')];
    const snapshot = { pods: resolved.pods, problems };
    const fingerprint = JSON.stringify(resolved.pods.map((p) => p.pod.metadata.uid));
    const first = !this.started;
    this.started = true;
    if (first) {
      this.lastEmitted = fingerprint;
      return snapshot;
    }
    if (problems.length > 0) this.handlers?.onProblems(problems);
    if (fingerprint !== this.lastEmitted) {
      this.lastEmitted = fingerprint;
      this.handlers?.onChange(resolved.pods);
    }
    return snapshot;
  }

  /** Reads one file; returns its problems when its content changed (none when it did not). */
  private async readOne(file: string): Promise<ManifestProblem[]> {
    const read = await this.contentOf(file);
    if ('error' in read) {
      // A file given by name that goes away (an editor replacing it) keeps its pods until it is back.
      const previous = this.files.get(file);
      const problem: ManifestProblem = { severity: 'error', file, message: read.error };
      if (previous && previous.contentHash === `error:${read.error}`) return [];
      this.files.set(file, { contentHash: `error:${read.error}`, firstSeenMs: previous?.firstSeenMs ?? this.deps.now(), mtimeMs: previous?.mtimeMs ?? 0, lastGood: previous?.lastGood ?? [], problems: [problem] });
      return [problem];
    }
    const contentHash = createHash('sha256').update(read.content).digest('hex');
    const previous = this.files.get(file);
    if (previous?.contentHash === contentHash) return [];
    const parsed = parseManifest({ file, content: read.content, nodeName: this.deps.nodeName });
    const problems: ManifestProblem[] = [...parsed.errors, ...parsed.warnings];
    // Not silently dropped: play runs pods only; Services need the agent's registry and data path.
    for (const { object, document } of parsed.services)
      problems.push({ severity: 'warning', file, document, message: `${object.kind} "${object.metadata.name}" is ignored: play runs pods; Services are served by the agent (minikubelet run)` });
    if (parsed.errors.length === 0 && parsed.pods.length === 0) problems.unshift({ severity: 'error', file, message: 'no Pod in this file' });
    const failed = problems.some((p) => p.severity === 'error');
    this.files.set(file, {
      contentHash,
      firstSeenMs: previous?.firstSeenMs ?? this.deps.now(),
      mtimeMs: read.mtimeMs,
      lastGood: failed ? (previous?.lastGood ?? []) : parsed.pods,
      problems,
    });
    return problems;
  }

  private async contentOf(file: string): Promise<{ content: Buffer | string; mtimeMs: number } | { error: string }> {
    if (this.deps.inputs.some((i) => i.kind === 'stdin' && i.path === file)) return { content: this.deps.stdin ?? '', mtimeMs: 0 };
    try {
      const info = await stat(file);
      if (info.size > MAX_MANIFEST_BYTES) return { error: oversizedMessage(info.size) };
      return { content: await readFile(file), mtimeMs: info.mtimeMs };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { error: `cannot read the file: ${code === 'ENOENT' ? 'no such file or directory' : (code ?? (err as Error).message)}` };
    }
  }
}
