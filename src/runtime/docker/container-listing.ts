import { LABEL_NODE_NAME, LABEL_POD_UID } from '../labels.js';
import type { ObservedContainer } from '../types.js';
import type { DockerApi } from './docker-calls.js';
import { statusOf } from './docker-errors.js';
import { mapInspect } from './map-inspect.js';

/**
 * This node's containers, listed by label and inspected. Inspect results are kept by container id
 * while the container's list state is unchanged, so a relist inspects only what changed. Lists
 * overlap (the relist's and the pods' own): an entry is never replaced by the answer of a list
 * that began before the entry's own did, nor kept from a list that began before the container
 * was last forgotten (an event changed it), and a list judges gone only what was known before it.
 */
export class ContainerListing {
  private readonly inspectCache = new Map<string, { listState: string; observed: ObservedContainer; since: number }>();
  /** When each container was last forgotten, on the `clock` of list starts and forgettings. */
  private readonly forgottenAt = new Map<string, number>();
  private clock = 0;

  constructor(
    private readonly api: DockerApi,
    private readonly nodeName: string,
  ) {}

  /** Forget what we know of a container (it changed, or we are about to change it). */
  invalidate(id: string): void {
    this.inspectCache.delete(id);
    this.forgottenAt.set(id, ++this.clock);
  }

  async list(filter: { podUid?: string }): Promise<ObservedContainer[]> {
    const began = ++this.clock;
    const knownBefore = filter.podUid ? [] : [...this.inspectCache.keys(), ...this.forgottenAt.keys()];
    const label = [`${LABEL_NODE_NAME}=${this.nodeName}`];
    if (filter.podUid) label.push(`${LABEL_POD_UID}=${filter.podUid}`);
    const summaries = await this.api.calls.call('list containers', () => this.api.docker.listContainers({ all: true, filters: { label } }));
    const seen = new Set<string>();
    const result = await Promise.all(
      summaries.map(async (s) => {
        seen.add(s.Id);
        const cached = this.inspectCache.get(s.Id);
        if (cached && cached.listState === s.State) return cached.observed;
        const observed = await this.inspect(s.Id);
        if (observed) this.remember(s.Id, { listState: s.State, observed, since: began });
        return observed;
      }),
    );
    // Only a full list shows which containers are gone: those it did not see, known before it began.
    for (const id of knownBefore) {
      if (seen.has(id)) continue;
      if ((this.inspectCache.get(id)?.since ?? 0) < began) this.inspectCache.delete(id);
      if ((this.forgottenAt.get(id) ?? 0) < began) this.forgottenAt.delete(id);
    }
    return result.filter((c): c is ObservedContainer => c !== undefined);
  }

  private remember(id: string, entry: { listState: string; observed: ObservedContainer; since: number }): void {
    if ((this.forgottenAt.get(id) ?? 0) > entry.since) return;
    if ((this.inspectCache.get(id)?.since ?? 0) > entry.since) return;
    this.inspectCache.set(id, entry);
  }

  /** undefined when the container is gone. */
  async inspect(id: string): Promise<ObservedContainer | undefined> {
    try {
      const info = await this.api.calls.call('inspect container', () => this.api.docker.getContainer(id).inspect());
      return mapInspect(info);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}
