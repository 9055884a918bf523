import { randomBytes } from 'node:crypto';
import { chmod, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isManifestFileName } from './manifest-file-filter.js';
import { MAX_MANIFEST_BYTES } from './manifest-text.js';
import { readYamlDocuments } from './yaml-documents.js';

/**
 * The manifest directory as writes through the API see it: where an object is defined (file and
 * document), and atomic replacement of a file (a hidden temp file in the same directory, then a
 * rename, mode 0644: the ManifestSource reads a renamed file at once and never a half-written one).
 */

/** Where an object is written in the directory. */
export interface LocatedDocument {
  file: string;
  /** 0-based document index in the file (as `yaml-documents.ts` counts). */
  document: number;
  /** The document's plain value. */
  value: Record<string, unknown>;
  /** The whole file's text, for an edit in place. */
  text: string;
}

/** A write the filesystem refused, with the path and what to do. */
export class ManifestWriteError extends Error {
  constructor(
    message: string,
    readonly file: string,
    /** EACCES/EPERM/EROFS: the directory or file is not the agent's to write. */
    readonly forbidden: boolean,
  ) {
    super(message);
  }
}

const MANIFEST_MODE = 0o644;

/** Every document of the directory's manifest files defining `kind` `namespace/name` (file name order). */
export async function locateDocuments(dir: string, kind: string, namespace: string | undefined, name: string): Promise<LocatedDocument[]> {
  const names = (await readdir(dir)).filter(isManifestFileName).sort();
  const found: LocatedDocument[] = [];
  for (const base of names) {
    const file = path.join(dir, base);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined || text.length > MAX_MANIFEST_BYTES) continue;
    for (const { index, value } of readYamlDocuments(text).documents) {
      if (!isObject(value) || value['kind'] !== kind) continue;
      const metadata = isObject(value['metadata']) ? value['metadata'] : {};
      const ns = typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '' ? metadata['namespace'] : 'default';
      // Through JSON: YAML aliases share one object with their anchor, which an edit must not.
      if (metadata['name'] === name && (namespace === undefined || ns === namespace)) found.push({ file, document: index, value: JSON.parse(JSON.stringify(value)) as Record<string, unknown>, text });
    }
  }
  return found;
}

/** Replaces (or creates) `file` with `text` atomically. */
export async function writeManifestFile(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: MANIFEST_MODE, flag: 'wx' });
    // The umask may have narrowed the mode.
    await chmod(temp, MANIFEST_MODE);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw asWriteError(err, file, 'write');
  }
}

export async function removeManifestFile(file: string): Promise<void> {
  try {
    await rm(file);
  } catch (err) {
    throw asWriteError(err, file, 'remove');
  }
}

function asWriteError(err: unknown, file: string, verb: 'write' | 'remove'): ManifestWriteError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const forbidden = ['EACCES', 'EPERM', 'EROFS'].includes(code);
  const why = code === 'EROFS' ? 'the manifest directory is on a read-only filesystem'
    : forbidden ? 'the agent may not write there (owned by another user or tool?)'
      : (err as Error).message;
  const hint = forbidden ? `; give the agent write access to ${path.dirname(file)}, or edit the file by hand` : '';
  return new ManifestWriteError(`cannot ${verb} ${file}: ${why}${hint}`, file, forbidden);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
