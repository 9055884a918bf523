import { chmod, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { expandEnv, expandVars } from '../api/expand-vars.js';
import type { Container, VolumeMount } from '../api/pod-types.js';

/**
 * A mount's subPath: `subPath` as written, or `subPathExpr` with `$(VAR)` expanded from the
 * container's env (kubelet `ExpandContainerVolumeMounts`: a variable that is unset or empty is an
 * error). Undefined when the mount has neither.
 */
export function mountSubPath(
  container: Container,
  mount: VolumeMount,
  resolvedEnv?: ReadonlyMap<string, string>,
): { ok: true; subPath?: string } | { ok: false; error: string } {
  if (mount.subPathExpr) {
    // The container's full env (downward API, ConfigMaps, Secrets) when the caller resolved it.
    const env = resolvedEnv ?? expandEnv(container.env);
    const missing = new Set<string>();
    const expanded = expandVars(mount.subPathExpr, (name) => {
      const value = env.get(name);
      if (!value) missing.add(name);
      return value ?? '';
    });
    if (missing.size > 0) return { ok: false, error: `missing value for ${[...missing].sort().join(', ')}` };
    if (path.isAbsolute(expanded)) return { ok: false, error: `error SubPath \`${expanded}\` must not be an absolute path` };
    if (expanded.split('/').includes('..')) return { ok: false, error: `unable to provision SubPath \`${expanded}\`: must not contain '..'` };
    return { ok: true, subPath: expanded };
  }
  return mount.subPath ? { ok: true, subPath: mount.subPath } : { ok: true };
}

/**
 * The host path a volumeMount's subPath points at, created as a directory when missing with the
 * volume root's mode (kubelet `SafeMakeDir`); refuses a subPath that leaves its volume through
 * `..` or a symlink, before creating anything outside it and after resolving what exists.
 */
export async function resolveSubPath(volumeRoot: string, subPath: string): Promise<string> {
  const root = await realpath(volumeRoot);
  const target = path.resolve(root, subPath);
  if (!within(root, target)) throw new Error(`subPath "${subPath}" leaves its volume`);
  // Walk down, resolving each existing component, so a symlink can never lead the creation outside.
  let current = root;
  for (const part of path.relative(root, target).split(path.sep).filter((p) => p !== '')) {
    const next = path.join(current, part);
    const info = await stat(next).catch(() => undefined);
    if (!info) {
      const mode = (await stat(current)).mode & 0o7777;
      await mkdir(next);
      await chmod(next, mode); // the umask must not narrow it (kubelet doSafeMakeDir chmods too)
    }
    current = await realpath(next);
    if (!within(root, current)) throw new Error(`subPath "${subPath}" resolves to ${current}, outside its volume`);
  }
  return current;
}

function within(root: string, p: string): boolean {
  return p === root || p.startsWith(root + path.sep);
}
