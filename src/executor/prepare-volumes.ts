import { chmod, mkdir } from 'node:fs/promises';
import type { Container, Pod } from '../api/pod-types.js';
import { applyFsGroup, hasFsGroupOwnership } from '../volumes/apply-fs-group.js';
import { emptyDirMemorySize } from '../volumes/empty-dir-memory-size.js';
import { checkHostPath } from '../volumes/host-path-check.js';
import { mountSubPath, resolveSubPath } from '../volumes/subpath.js';
import { ensureTmpfs } from '../volumes/tmpfs.js';
import { checkRealPathAllowed } from '../volumes/allowed-host-paths.js';
import { ensurePodDir } from '../volumes/ensure-pod-dir.js';
import { emptyDirPath } from '../volumes/pod-dirs.js';
import { isProjectedVolume } from '../volumes/make-volume-payload.js';
import { type ProjectionSources, setUpProjectedVolume } from '../volumes/projected-volume.js';

export interface PreparedVolumes {
  /** Host path behind each volume that is ready. */
  paths: Map<string, string>;
  /** Why a volume is not ready, by volume name (a hostPath type check failed, ...). */
  errors: Map<string, string>;
  /** What went wrong without stopping the pod, to be logged (files whose fsGroup ownership could not be set). */
  warnings: Array<{ volume: string; message: string }>;
  /**
   * Projected volumes (configMap, secret, downwardAPI, projected) that cannot be set up (a missing
   * ConfigMap or Secret): the pod's containers wait (`FailedMount`) until they can.
   */
  mountFailures: Map<string, string>;
  /** Volumes always mounted read-only (the projected ones, as the kubelet's plugins say). */
  readOnly: Set<string>;
}

/**
 * Makes the pod's volumes exist on the host (the kubelet's volume SetUp): emptyDir directories
 * (mode 0777) under the root dir, one tmpfs each for `medium: Memory` (sized by the kubelet's
 * rule), kept across container restarts and sandbox re-creation and removed with the pod; hostPath
 * checked (and created for the *OrCreate types) as the kubelet's hostPath type checker does, and,
 * with `--allowed-host-paths`, checked again on its real path (a symlink must not lead out).
 * With `securityContext.fsGroup`, each emptyDir is made group-owned by it once, when it is set up
 * (`applyFsGroup`; hostPath volumes are left alone, as the kubelet leaves them).
 * Idempotent: every sync that starts a container calls it.
 */
export async function prepareVolumes(
  pod: Pod,
  rootDir: string,
  nodeAllocatableBytes: number,
  options: { allowedHostPaths?: readonly string[] | undefined; sources?: ProjectionSources | undefined } = {},
): Promise<PreparedVolumes> {
  const { allowedHostPaths, sources } = options;
  const prepared: PreparedVolumes = { paths: new Map(), errors: new Map(), warnings: [], mountFailures: new Map(), readOnly: new Set() };
  await ensurePodDir(rootDir, pod.metadata.uid);
  const fsGroup = pod.spec.securityContext?.fsGroup;
  for (const v of pod.spec.volumes) {
    try {
      if (isProjectedVolume(v)) {
        const setUp = sources ? await setUpProjectedVolume(pod, v, rootDir, sources) : { ok: false as const, error: 'no ConfigMap or Secret source is configured' };
        if (!setUp.ok) prepared.mountFailures.set(v.name, setUp.error);
        else {
          prepared.paths.set(v.name, setUp.dir);
          prepared.readOnly.add(v.name);
        }
        continue;
      }
      if (v.hostPath) {
        await checkHostPath(v.hostPath.path, v.hostPath.type);
        if (allowedHostPaths) await checkRealPathAllowed(v.hostPath.path, allowedHostPaths);
        prepared.paths.set(v.name, v.hostPath.path);
        continue;
      }
      const dir = emptyDirPath(rootDir, pod.metadata.uid, v.name);
      const memory = v.emptyDir?.medium === 'Memory';
      // The tmpfs root keeps tmpfs's own mode, 1777, as under the kubelet.
      if (memory) await ensureTmpfs(dir, emptyDirMemorySize(pod, v, nodeAllocatableBytes));
      else await mkdir(dir, { recursive: true });
      // The kubelet changes ownership once, in the emptyDir's SetUp (pkg/volume/emptydir/empty_dir.go:
      // a volume already set up returns early). Here a root of the fsGroup's group with setgid stands
      // for "already set up": an agent restart or a container restart leaves the volume as it is.
      const setUp = fsGroup !== undefined && (await hasFsGroupOwnership(dir, fsGroup));
      const mode = v.emptyDir?.mode;
      if (!setUp && (mode !== undefined || !memory)) await chmod(dir, mode ?? 0o777);
      if (fsGroup !== undefined && !setUp)
        for (const message of await applyFsGroup(dir, fsGroup)) prepared.warnings.push({ volume: v.name, message });
      prepared.paths.set(v.name, dir);
    } catch (err) {
      prepared.errors.set(v.name, (err as Error).message);
    }
  }
  return prepared;
}

/**
 * The host source of each of a container's volumeMounts that has a subPath (or subPathExpr), by
 * mountPath, created when missing and never outside its volume (kubelet `makeMounts`); or the
 * error that keeps the container from being created (`CreateContainerConfigError`), naming the
 * volume, the mount and the container.
 */
export async function resolveMountSources(
  container: Container,
  volumes: PreparedVolumes,
  env?: ReadonlyMap<string, string>,
): Promise<{ sources: Map<string, string> } | { error: string }> {
  const sources = new Map<string, string>();
  for (const m of container.volumeMounts) {
    const volumeError = volumes.errors.get(m.name);
    if (volumeError) return { error: `MountVolume.SetUp failed for volume "${m.name}" : ${volumeError}` };
    const root = volumes.paths.get(m.name);
    if (root === undefined) return { error: `volume "${m.name}" is not defined in spec.volumes` };
    const sub = mountSubPath(container, m, env);
    const what = `volumeMount "${m.name}" at ${m.mountPath} of container "${container.name}"`;
    if (!sub.ok) return { error: `failed to prepare subPath for ${what}: ${sub.error}` };
    if (sub.subPath === undefined) continue;
    try {
      sources.set(m.mountPath, await resolveSubPath(root, sub.subPath));
    } catch (err) {
      return { error: `failed to prepare subPath for ${what}: ${(err as Error).message}` };
    }
  }
  return { sources };
}
