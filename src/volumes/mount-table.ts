import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Mount points from `/proc/self/mountinfo` (field 5, with the kernel's octal escapes for space,
 * tab, newline and backslash undone).
 */
export function parseMountPoints(mountinfo: string): string[] {
  const points: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (field) points.push(field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return points;
}

/** Mount points at or below `dir`, deepest first (the order to unmount them in). */
export function mountPointsUnder(points: readonly string[], dir: string): string[] {
  const root = path.resolve(dir);
  return points.filter((p) => p === root || p.startsWith(root + path.sep)).sort((a, b) => b.length - a.length);
}

export async function readMountPoints(): Promise<string[]> {
  return parseMountPoints(await readFile('/proc/self/mountinfo', 'utf8'));
}
