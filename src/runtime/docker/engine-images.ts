import type { EngineImage } from '../../images/plan-image-gc.js';
import type { DockerApi } from './docker-calls.js';

/**
 * What image GC asks of the engine. Unlike everything else the agent lists, the containers are ALL
 * the engine's (every agent's, every tool's, running or not): an image any of them uses is in use.
 */
export interface EngineImages {
  list(): Promise<EngineImage[]>;
  inUse(): Promise<Set<string>>;
  /** The ID of a local image, undefined when absent. */
  idOf(ref: string): Promise<string | undefined>;
  /** Without force: the engine refuses an image a container (created since the listing) uses. */
  remove(id: string): Promise<void>;
}

export function createEngineImages({ docker, calls }: DockerApi): EngineImages {
  return {
    list: async () => (await calls.call('list_images', () => docker.listImages())).map((i) => ({ id: i.Id, repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), sizeBytes: i.Size })),
    inUse: async () => new Set((await calls.call('list_all_containers', () => docker.listContainers({ all: true }))).map((c) => c.ImageID)),
    idOf: async (ref) => (await calls.call('inspect_image', () => docker.getImage(ref).inspect()).catch(() => undefined))?.Id,
    remove: async (id) => {
      await calls.call('remove_image', () => docker.getImage(id).remove());
    },
  };
}
