import { createHash } from 'node:crypto';
import path from 'node:path';

/** What a run of `play` is known by: the engine sees its node name, the disk its state dir. */
export interface PlayIdentity {
  nodeName: string;
  /** The inputs it was derived from, sorted and deduplicated (absolute paths, `-` for stdin). */
  inputs: string[];
}

/** The stand-in for stdin in the identity: one per working directory. */
export function stdinIdentity(cwd: string): string {
  return `-:${cwd}`;
}

const SLUG_MAX = 20;

/**
 * The run's node name, from its inputs' absolute paths and the user, so that a second `play` (or
 * `play --down`) of the same files by the same user finds the first one's containers, and a play of
 * other files, or another user's play of the same files (their state dirs differ), never does:
 * `play-<first input's name>-<10 hex of sha256(uid, sorted inputs)>`. The order of the arguments
 * does not matter. At most 36 characters: a valid node name and label value.
 */
export function playIdentity(inputs: readonly string[], uid: number): PlayIdentity {
  const sorted = [...new Set(inputs)].sort();
  const hash = createHash('sha256').update([`uid:${uid}`, ...sorted].join('\n')).digest('hex').slice(0, 10);
  const first = sorted[0] ?? '';
  const base = first.startsWith('-:') ? 'stdin' : path.basename(first).replace(/\.(ya?ml|json)$/i, '');
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, SLUG_MAX).replace(/-+$/, '');
  return { nodeName: slug ? `play-${slug}-${hash}` : `play-${hash}`, inputs: sorted };
}

export interface StateDirEnv {
  uid: number;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
}

/**
 * Where a run keeps its pods' directories and its lock: root's under `/var/lib/minikubelet/play/`,
 * another user's under `$XDG_STATE_HOME/minikubelet/play/` (default `~/.local/state`).
 */
export function playStateDir(nodeName: string, host: StateDirEnv): string {
  if (host.uid === 0) return path.join('/var/lib/minikubelet/play', nodeName);
  const xdg = host.env['XDG_STATE_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(host.homedir, '.local', 'state');
  return path.join(base, 'minikubelet', 'play', nodeName);
}
