import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The directory of `relativePath` (a file's path, relative) in the nearest of `from` and the
 * directories above it that holds it (where none does: as if `from` did): a package's files found
 * from wherever its code was compiled or bundled to.
 */
export function findUpwards(from: string, relativePath: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relativePath))) return dirname(join(dir, relativePath));
    if (dirname(dir) === dir) return dirname(join(from, relativePath));
  }
}
