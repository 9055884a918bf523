import { mkdir, realpath, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import type { HostPathType, Pod } from '../api/pod-types.js';
import { emptyDirPath } from './pod-dirs.js';

export interface PreparedVolumes {
  /** Host path behind each volume that is ready. */
  paths: Map<string, string>;
  /** Why a volume is not ready, by volume name (a hostPath type check failed, ...). */
  errors: Map<string, string>;
}

/**
 * Makes the pod's volumes exist on the host: emptyDir directories (mode 0777, as the kubelet) under
 * the root dir, kept across container restarts and removed with the pod; hostPath checked (and
 * created for the *OrCreate types) as the kubelet's hostPath type checker does.
 */
export async function prepareVolumes(pod: Pod, rootDir: string): Promise<PreparedVolumes> {
  const prepared: PreparedVolumes = { paths: new Map(), errors: new Map() };
  for (const v of pod.spec.volumes) {
    try {
      if (v.hostPath) {
        await checkHostPath(v.hostPath.path, v.hostPath.type);
        prepared.paths.set(v.name, v.hostPath.path);
      } else {
        const dir = emptyDirPath(rootDir, pod.metadata.uid, v.name);
        await mkdir(dir, { recursive: true });
        await chmod(dir, 0o777);
        prepared.paths.set(v.name, dir);
      }
    } catch (err) {
      prepared.errors.set(v.name, (err as Error).message);
    }
  }
  return prepared;
}

const TYPE_WORDS: Record<string, string> = {
  Directory: 'a directory',
  File: 'a file',
  Socket: 'a socket',
  CharDevice: 'a character device',
  BlockDevice: 'a block device',
};

async function checkHostPath(p: string, type: HostPathType): Promise<void> {
  const info = await stat(p).catch(() => undefined);
  switch (type) {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!info) await mkdir(p, { recursive: true, mode: 0o755 });
      else if (!info.isDirectory()) throw new Error(`hostPath type check failed: ${p} is not a directory`);
      return;
    case 'FileOrCreate':
      if (!info) await writeFile(p, '', { mode: 0o644, flag: 'a' });
      else if (info.isDirectory()) throw new Error(`hostPath type check failed: ${p} is not a file`);
      return;
    default: {
      const ok =
        info &&
        ((type === 'Directory' && info.isDirectory()) ||
          (type === 'File' && !info.isDirectory()) ||
          (type === 'Socket' && info.isSocket()) ||
          (type === 'CharDevice' && info.isCharacterDevice()) ||
          (type === 'BlockDevice' && info.isBlockDevice()));
      if (!ok) throw new Error(`hostPath type check failed: ${p} is not ${TYPE_WORDS[type] ?? type}`);
    }
  }
}

/**
 * The host path a volumeMount's subPath points at, created as a directory when missing; refuses
 * a subPath that leaves its volume (through `..` or a symlink).
 */
export async function resolveSubPath(volumeRoot: string, subPath: string): Promise<string> {
  const target = path.resolve(volumeRoot, subPath);
  const root = await realpath(volumeRoot);
  if (!(await stat(target).catch(() => undefined))) await mkdir(target, { recursive: true, mode: 0o777 });
  const real = await realpath(target);
  if (real !== root && !real.startsWith(root + path.sep)) {
    throw new Error(`subPath "${subPath}" resolves to ${real}, outside its volume`);
  }
  return real;
}
