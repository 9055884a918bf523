import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { MAX_MANIFEST_BYTES, oversizedMessage } from './manifest-text.js';
import { type ParsedManifest, parseManifest } from './parse-manifest.js';

/** One look at a manifest file: enough to tell whether its content changed since the last one. */
export interface ManifestFileRead {
  contentHash: string;
  mtimeMs: number;
  /** Undefined when the file is larger than MAX_MANIFEST_BYTES (it is not read). */
  content: Buffer | undefined;
  size: number;
  /** What the next look compares to skip reading the file again (`readManifestFile`). */
  stamp: FileStamp;
}

/** A file's inode, size, mtime and ctime (ns) as stat saw them; `settled`: its ctime was over a second old then. */
export interface FileStamp {
  key: string;
  settled: boolean;
}

/**
 * A file whose ctime is this much older than the stat trusts its stamp (git's "racily clean"
 * entries, in reverse); 2 s, the coarsest timestamps of a filesystem one could keep manifests on (FAT).
 */
const SETTLED_NS = 2_000_000_000n;

/**
 * Reads a manifest file; undefined when it is gone (or no longer a file) by the time it is read;
 * `'unchanged'` without reading it when `last` (the stamp of the previous read) is settled and
 * stat shows the same inode, size, mtime and ctime. Any write, truncate, touch, chmod or rename
 * over the file moves its ctime, which no one can set back; a write within the same clock tick as
 * the previous one could share it, which is why a stamp taken less than 2 s after the file's
 * ctime is never trusted (the caller still reads every file now and then: a network filesystem's
 * stat can answer from a cache). The periodic rescan of 100 quiet files is 100 stats, not 100 reads and hashes.
 */
export async function readManifestFile(file: string, last?: FileStamp): Promise<ManifestFileRead | 'unchanged' | undefined> {
  try {
    const statAtNs = BigInt(Date.now()) * 1_000_000n;
    const info = await stat(file, { bigint: true });
    if (!info.isFile()) return undefined;
    const key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
    if (last?.settled && last.key === key) return 'unchanged';
    const size = Number(info.size);
    const content = size <= MAX_MANIFEST_BYTES ? await readFile(file) : undefined;
    const contentHash = content ? createHash('sha256').update(content).digest('hex') : `oversized:${size}`;
    return { contentHash, mtimeMs: Number(info.mtimeMs), content, size, stamp: { key, settled: statAtNs - info.ctimeNs >= SETTLED_NS } };
  } catch {
    return undefined;
  }
}

/** Parses what `readManifestFile` read (an oversized file is one error). */
export function parseManifestFile(file: string, read: ManifestFileRead, nodeName: string): ParsedManifest {
  return read.content
    ? parseManifest({ file, content: read.content, nodeName })
    : { file, pods: [], objects: [], services: [], warnings: [], errors: [{ severity: 'error', file, message: oversizedMessage(read.size) }] };
}

/**
 * Nothing in the file: no document, or documents that are all empty. A truncate-then-write save
 * or a file being created looks like this for a moment, so it is given the vanished-file grace.
 */
export function definesNothing(parsed: ParsedManifest): boolean {
  return parsed.errors.length === 0 && parsed.pods.length === 0 && parsed.objects.length === 0 && parsed.services.length === 0;
}
