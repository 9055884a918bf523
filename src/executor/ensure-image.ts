import type { PullPolicy } from '../api/pod-types.js';
import type { RegistryAuth } from '../images/registry-credentials.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { ImageInfo } from '../runtime/types.js';
import type { BackOffStore } from '../shared/backoff-store.js';
import type { EventInput } from '../status/event-recorder.js';

export type EnsureImageResult =
  | { ok: true; image: ImageInfo }
  | { ok: false; reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName'; message: string };

export interface EnsureImageDeps {
  runtime: ContainerRuntime;
  /** Image-pull back-off entries by `<podUid>_<image>` (kubelet image_manager.go). */
  backOff: BackOffStore;
  event: (e: EventInput) => void;
  /** Node-level registry credentials for an image (`--image-credentials`), if any. */
  credentials: (image: string) => RegistryAuth | undefined;
  /** Hears the engine's pull progress (logged at debug). */
  onPullProgress?: (image: string, line: string) => void;
}

/** kubelet `applyDefaultImageTag`: an image with neither tag nor digest means `:latest`. */
export function applyDefaultTag(image: string): string {
  if (image.includes('@')) return image;
  const lastSlash = image.lastIndexOf('/');
  return image.slice(lastSlash + 1).includes(':') ? image : `${image}:latest`;
}

/**
 * The kubelet's EnsureImageExists (images/image_manager.go): Never uses what is present,
 * IfNotPresent pulls when missing, Always pulls on every start; a failed pull backs off
 * (10 s doubling to 300 s) and shows ErrImagePull, then ImagePullBackOff while waiting.
 */
export async function ensureImage(deps: EnsureImageDeps, podUid: string, image: string, pullPolicy: PullPolicy): Promise<EnsureImageResult> {
  const ref = applyDefaultTag(image);
  if (pullPolicy !== 'Always') {
    const present = await deps.runtime.inspectImage(ref);
    if (present) {
      deps.event({ type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine` });
      return { ok: true, image: present };
    }
    if (pullPolicy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      deps.event({ type: 'Warning', reason: 'ErrImageNeverPull', message });
      return { ok: false, reason: 'ErrImageNeverPull', message };
    }
  }
  const key = `${podUid}_${ref}`;
  if (deps.backOff.until(key) !== undefined) {
    const message = `Back-off pulling image "${image}"`;
    deps.event({ type: 'Normal', reason: 'BackOff', message });
    return { ok: false, reason: 'ImagePullBackOff', message };
  }
  deps.event({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"` });
  const started = performance.now();
  try {
    await deps.runtime.pullImage(ref, deps.credentials(ref), (line) => deps.onPullProgress?.(image, line));
  } catch (err) {
    deps.backOff.next(key);
    const message = `Failed to pull image "${image}": ${(err as Error).message}`;
    deps.event({ type: 'Warning', reason: 'Failed', message });
    return { ok: false, reason: 'ErrImagePull', message };
  }
  deps.backOff.reset(key);
  const seconds = ((performance.now() - started) / 1000).toFixed(3);
  deps.event({ type: 'Normal', reason: 'Pulled', message: `Successfully pulled image "${image}" in ${seconds}s` });
  const pulled = await deps.runtime.inspectImage(ref);
  return { ok: true, image: pulled ?? { id: '', repoDigests: [] } };
}
