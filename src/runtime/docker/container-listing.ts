import { Semaphore } from '../../shared/semaphore.js';
import { LABEL_NODE_NAME, LABEL_POD_UID } from '../labels.js';
import type { ObservedContainer } from '../types.js';
import type { DockerApi } from './docker-calls.js';
import { statusOf } from './docker-errors.js';
import { mapInspect } from './map-inspect.js';

/**
 * How many containers a list of every container (the relist) inspects at once. The kubelet's PLEG
 * inspects one pod after another; here a few at a time, so that a relist amid a mass teardown
 * (every container just died: each to inspect again) leaves the engine and the call bound to the
 * pods' own stops, removes and creates (issue 18 §2).
 */
export const FULL_LIST_INSPECTS = 4;

/**
 * This node's containers, listed by label and inspected. Inspect results are kept by container id
 * while the container's list state is unchanged, so a relist inspects only what changed.
 */
export class ContainerListing {
  private readonly inspectCache = new Map<string, { listState: string; observed: ObservedContainer }>();
  private readonly fullListInspects = new Semaphore(FULL_LIST_INSPECTS);

  constructor(
    private readonly api: DockerApi,
    private readonly nodeName: string,
  ) {}

  /** Forget what we know of a container (it changed, or we are about to change it). */
  invalidate(id: string): void {
    this.inspectCache.delete(id);
  }

  async list(filter: { podUid?: string }): Promise<ObservedContainer[]> {
    const label = [`${LABEL_NODE_NAME}=${this.nodeName}`];
    if (filter.podUid) label.push(`${LABEL_POD_UID}=${filter.podUid}`);
    const summaries = await this.api.calls.call('list containers', () => this.api.docker.listContainers({ all: true, filters: { label } }));
    const seen = new Set<string>();
    const inspect = filter.podUid ? (id: string) => this.inspect(id) : (id: string) => this.fullListInspects.run(() => this.inspect(id));
    const result = await Promise.all(
      summaries.map(async (s) => {
        seen.add(s.Id);
        const cached = this.inspectCache.get(s.Id);
        if (cached && cached.listState === s.State) return cached.observed;
        const observed = await inspect(s.Id);
        if (observed) this.inspectCache.set(s.Id, { listState: s.State, observed });
        return observed;
      }),
    );
    // Only a full list shows which containers are gone.
    if (!filter.podUid) for (const id of this.inspectCache.keys()) if (!seen.has(id)) this.inspectCache.delete(id);
    return result.filter((c): c is ObservedContainer => c !== undefined);
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
