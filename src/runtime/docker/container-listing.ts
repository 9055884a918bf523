import type Docker from 'dockerode';
import { Semaphore } from '../../shared/semaphore.js';
import { LABEL_NODE_NAME, LABEL_POD_UID } from '../labels.js';
import type { ObservedContainer } from '../types.js';
import type { DockerApi } from './docker-calls.js';
import { statusOf } from './docker-errors.js';
import { mapInspect } from './map-inspect.js';

/**
 * How many of a full list's (the relist's) inspects run at once. The rest of the engine-call
 * bound stays free for the pods' own calls: after a mass change the relist has every container to
 * inspect again, and at the full bound a pod's remove or start waited on them (over a second in
 * the 100-pod removal benchmark).
 */
export const FULL_LIST_INSPECTS = 4;

interface Known {
  /** The engine's state word (`running`, `exited`…) when `observed` was inspected. */
  listState: string;
  observed: ObservedContainer;
  /** When the inspect was asked, on the `clock`. */
  since: number;
}

/**
 * This node's containers, listed by label and inspected. Inspect results are kept by container id
 * while the container's list state is unchanged, so a relist inspects only what changed. Lists and
 * events overlap (the relist's, the pods' own): every list start, inspect and forgetting takes a
 * tick of one `clock`. An answer is kept unless an event forgot the container, or a newer answer
 * came, after it was asked; an inspect is not asked when an answer newer than the list is known;
 * and a list judges gone only what was known before it began.
 */
export class ContainerListing {
  private readonly inspectCache = new Map<string, Known>();
  /** When each container was last forgotten, on the `clock`. */
  private readonly forgottenAt = new Map<string, number>();
  private clock = 0;
  private readonly fullListInspects = new Semaphore(FULL_LIST_INSPECTS);

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
    const full = !filter.podUid;
    const knownBefore = full ? [...this.inspectCache.keys(), ...this.forgottenAt.keys()] : [];
    const label = [`${LABEL_NODE_NAME}=${this.nodeName}`];
    if (filter.podUid) label.push(`${LABEL_POD_UID}=${filter.podUid}`);
    const summaries = await this.api.calls.call('list containers', () => this.api.docker.listContainers({ all: true, filters: { label } }));
    const seen = new Set<string>();
    const result = await Promise.all(
      summaries.map(async (s) => {
        seen.add(s.Id);
        const cached = this.inspectCache.get(s.Id);
        if (cached && cached.listState === s.State) return cached.observed;
        return full ? this.fullListInspects.run(() => this.inspectUnlessNewer(s.Id, s.State, began)) : this.inspectUnlessNewer(s.Id, s.State, began);
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

  /**
   * The container as an inspect asked now sees it, kept for the next lists; or, when an answer
   * asked after the list began is known (another list's, while this one waited for a slot) and saw
   * the state this list shows, that. (One that saw another state may be older than this list's
   * answer: the list call itself can wait for a slot.)
   */
  private async inspectUnlessNewer(id: string, listState: string, listBegan: number): Promise<ObservedContainer | undefined> {
    const newer = this.inspectCache.get(id);
    if (newer && newer.since > listBegan && newer.listState === listState) return newer.observed;
    const asked = ++this.clock;
    const info = await this.inspectInfo(id);
    const observed = info && mapInspect(info);
    if (info && observed) this.remember(id, { listState: info.State?.Status ?? '', observed, since: asked });
    return observed;
  }

  private remember(id: string, entry: Known): void {
    if ((this.forgottenAt.get(id) ?? 0) > entry.since) return;
    if ((this.inspectCache.get(id)?.since ?? 0) > entry.since) return;
    this.inspectCache.set(id, entry);
  }

  /** undefined when the container is gone. */
  async inspect(id: string): Promise<ObservedContainer | undefined> {
    const info = await this.inspectInfo(id);
    return info && mapInspect(info);
  }

  private async inspectInfo(id: string): Promise<Docker.ContainerInspectInfo | undefined> {
    try {
      return await this.api.calls.call('inspect container', () => this.api.docker.getContainer(id).inspect());
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}
