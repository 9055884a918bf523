import { realpath } from 'node:fs/promises';
import path from 'node:path';

function under(p: string, prefix: string): boolean {
  const rel = path.relative(prefix, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * `--allowed-host-paths` on real paths: admission compares the text of the path, which a symlink
 * under an allowed prefix would slip past; this resolves the hostPath and each prefix (as the
 * engine will when it bind-mounts it) and refuses a path that leads outside every prefix.
 */
export async function checkRealPathAllowed(hostPath: string, allowed: readonly string[]): Promise<void> {
  const real = await realpath(hostPath);
  const prefixes = await Promise.all(allowed.map((p) => realpath(p).catch(() => path.resolve(p))));
  if (prefixes.some((prefix) => under(real, prefix))) return;
  throw new Error(`hostPath ${hostPath} resolves to ${real}, which is not under the allowed host paths (${allowed.join(', ')})`);
}
