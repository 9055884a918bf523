import type Docker from 'dockerode';
import type { EngineImage } from '../../images/plan-image-gc.js';

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

export function createEngineImages(docker: Docker): EngineImages {
  return {
    list: async () => (await docker.listImages()).map((i) => ({ id: i.Id, repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), sizeBytes: i.Size })),
    inUse: async () => new Set((await docker.listContainers({ all: true })).map((c) => c.ImageID)),
    idOf: async (ref) => (await docker.getImage(ref).inspect().catch(() => undefined))?.Id,
    remove: async (id) => {
      await docker.getImage(id).remove();
    },
  };
}
