import { access, chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigLookup } from '../api/config-object-types.js';
import type { Pod, Volume } from '../api/pod-types.js';
import type { NodeAllocatable } from '../api/resource-field-ref.js';
import { applyFsGroup } from './apply-fs-group.js';
import { writeAtomically } from './atomic-writer.js';
import { emptyDirMemorySize } from './empty-dir-memory-size.js';
import { makeVolumePayload } from './make-volume-payload.js';
import { projectedVolumePath } from './pod-dirs.js';
import { ensureTmpfs } from './tmpfs.js';

/** What projecting a volume's files needs: the directory's objects and the node's allocatable resources. */
export interface ProjectionSources {
  config: ConfigLookup;
  /** Node mode: the API server's objects, which API pods read instead of the directory's (set once node mode starts). */
  apiConfig?: ConfigLookup;
  allocatable: NodeAllocatable;
}

/**
 * Where a pod's ConfigMaps and Secrets come from: an API pod (`kubernetes.io/config.source: api`)
 * reads the API server's, in its namespace; a static pod the directory's (the kubelet forbids static
 * pods any API reference). An API pod before node mode is ready reads none.
 */
export function configFor(sources: ProjectionSources, pod: Pod): ConfigLookup {
  if (pod.metadata.annotations['kubernetes.io/config.source'] !== 'api') return sources.config;
  return sources.apiConfig ?? { configMap: () => undefined, secret: () => undefined };
}

export type ProjectedSetUp = { ok: true; dir: string; changed: boolean } | { ok: false; error: string };

/**
 * SetUp of a configMap, secret, downwardAPI or projected volume (the kubelet's plugins under
 * `pkg/volume/`): the files are made first (a missing object fails the mount before anything is
 * created), then the directory: on disk for a configMap, on a tmpfs for the others (the kubelet
 * wraps them in a `medium: Memory` emptyDir, so secret values never reach the disk), then the
 * files are written atomically. Called again on every sync of a running pod: the files follow
 * edits of the objects and of the pod's labels and annotations; unchanged files are not rewritten.
 */
export async function setUpProjectedVolume(pod: Pod, volume: Volume, rootDir: string, sources: ProjectionSources): Promise<ProjectedSetUp> {
  const type = volume.configMap ? 'configMap' : volume.secret ? 'secret' : volume.downwardAPI ? 'downwardAPI' : 'projected';
  const dir = projectedVolumePath(rootDir, pod.metadata.uid, type, volume.name);
  const made = makeVolumePayload(pod, volume, configFor(sources, pod), sources.allocatable);
  if (!made.ok) return made;
  if (type === 'configMap') {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o777);
  } else {
    await ensureTmpfs(dir, emptyDirMemorySize(pod, { name: volume.name, emptyDir: { medium: 'Memory' } }, sources.allocatable.memoryBytes));
  }
  const changed = await writeAtomically(dir, made.payload);
  // kubelet: these volumes get fsGroup ownership after every write (read-only: group read, no change policy).
  const fsGroup = pod.spec.securityContext?.fsGroup;
  if (fsGroup !== undefined && changed) await applyFsGroup(dir, fsGroup, { readOnly: true });
  return { ok: true, dir, changed };
}

/** Whether the volume was set up before (its `..data` link exists): only those are refreshed. */
export async function isProjectedVolumeSetUp(pod: Pod, volume: Volume, rootDir: string): Promise<boolean> {
  const type = volume.configMap ? 'configMap' : volume.secret ? 'secret' : volume.downwardAPI ? 'downwardAPI' : 'projected';
  return access(path.join(projectedVolumePath(rootDir, pod.metadata.uid, type, volume.name), '..data')).then(
    () => true,
    () => false,
  );
}
