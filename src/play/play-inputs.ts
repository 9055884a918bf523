import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isManifestFileName } from '../manifests/manifest-file-filter.js';
import { stdinIdentity } from './play-identity.js';

/** One argument of `play`: a file, a directory of manifests, or stdin (read once, at start). */
export type PlayInput = { kind: 'file' | 'dir'; path: string } | { kind: 'stdin'; path: typeof STDIN_FILE };

/** How manifest problems name stdin. */
export const STDIN_FILE = '<stdin>';

/** The arguments as absolute paths checked to exist; an error names the argument and why. */
export async function resolveInputs(args: readonly string[], cwd: string): Promise<{ inputs: PlayInput[] } | { error: string }> {
  const inputs: PlayInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (inputs.some((i) => i.kind === 'stdin')) return { error: '- (stdin) is given more than once' };
      inputs.push({ kind: 'stdin', path: STDIN_FILE });
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) inputs.push({ kind: 'dir', path: absolute });
      else if (info.isFile()) inputs.push({ kind: 'file', path: absolute });
      else return { error: `${arg}: not a file or a directory` };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { error: `cannot read ${arg}: ${code === 'ENOENT' ? 'no such file or directory' : (code ?? (err as Error).message)}` };
    }
  }
  return { inputs };
}

/** The identity of a run of these inputs (`playIdentity` hashes it). */
export function identityPaths(inputs: readonly PlayInput[], cwd: string): string[] {
  return inputs.map((i) => (i.kind === 'stdin' ? stdinIdentity(cwd) : i.path));
}

/** The manifest files behind the inputs now: a directory's `*.yaml`, `*.yml`, `*.json` (as the agent reads its directory). */
export async function manifestFiles(inputs: readonly PlayInput[]): Promise<{ files: string[]; errors: { file: string; message: string }[] }> {
  const files: string[] = [];
  const errors: { file: string; message: string }[] = [];
  for (const input of inputs) {
    if (input.kind !== 'dir') {
      files.push(input.path);
      continue;
    }
    try {
      const entries = await readdir(input.path, { withFileTypes: true });
      const names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && isManifestFileName(e.name)).map((e) => e.name).sort();
      if (names.length === 0) errors.push({ file: input.path, message: 'no manifest files in this directory (*.yaml, *.yml, *.json)' });
      files.push(...names.map((n) => path.join(input.path, n)));
    } catch (err) {
      errors.push({ file: input.path, message: `cannot read the directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
  }
  return { files: [...new Set(files)], errors };
}
