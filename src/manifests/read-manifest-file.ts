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
}

/** Reads a manifest file; undefined when it is gone (or no longer a file) by the time it is read. */
export async function readManifestFile(file: string): Promise<ManifestFileRead | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return undefined;
    const content = info.size <= MAX_MANIFEST_BYTES ? await readFile(file) : undefined;
    const contentHash = content ? createHash('sha256').update(content).digest('hex') : `oversized:${info.size}`;
    return { contentHash, mtimeMs: info.mtimeMs, content, size: info.size };
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
