import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import * as L from '../labels.js';
import { ContainerListing, FULL_LIST_INSPECTS } from './container-listing.js';
import { DockerCalls } from './docker-calls.js';

/**
 * An engine with `n` containers of pod uid-1, listed in `state.listed` and inspected in
 * `state.inspected`, whose inspects count how many run at once and wait `state.inspectMs` each
 * (and whose lists wait `state.listMs`).
 */
function engine(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const seen = { inspects: 0, atOnce: 0, peak: 0 };
  const state = { listed: 'running', inspected: 'running', inspectMs: 5, listMs: 0 };
  const docker = {
    // The list's answer is the state when the engine serves it, after `listMs`.
    listContainers: async () => {
      await new Promise((resolve) => setTimeout(resolve, state.listMs));
      return ids.map((Id) => ({ Id, State: state.listed }));
    },
    getContainer: (id: string) => ({
      inspect: async () => {
        seen.inspects++;
        seen.peak = Math.max(seen.peak, ++seen.atOnce);
        await new Promise((resolve) => setTimeout(resolve, state.inspectMs));
        seen.atOnce--;
        return {
          Id: id, Name: `/k8s_app-${id}_web_default_uid-1_0`, Created: '2024-05-01T12:00:00Z', Image: 'sha256:1',
          Config: { Labels: { [L.LABEL_POD_UID]: 'uid-1', [L.LABEL_CONTAINER_NAME]: `app-${id}`, [L.LABEL_POD_NAME]: 'web' }, Image: 'busybox' },
          State: { Status: state.inspected, ExitCode: 0, OOMKilled: false, StartedAt: '2024-05-01T12:00:01Z' },
          NetworkSettings: { Networks: {} },
        };
      },
    }),
  } as unknown as Docker;
  return { listing: new ContainerListing({ docker, calls: new DockerCalls(16, undefined) }, 'node-a'), seen, state };
}

describe('ContainerListing', () => {
  it('inspects the containers it lists at once', async () => {
    const { listing, seen } = engine(6);
    expect(await listing.list({ podUid: 'uid-1' })).toHaveLength(6);
    expect(seen.peak).toBe(6);
  });

  it('inspects again only what changed or was forgotten', async () => {
    const { listing, seen } = engine(3);
    await listing.list({});
    await listing.list({});
    expect(seen.inspects).toBe(3);
    listing.invalidate('c1');
    await listing.list({});
    expect(seen.inspects).toBe(4);
  });

  it("a slow list's older answer does not replace what a later list cached (the relist amid a start burst)", async () => {
    const { listing, seen, state } = engine(1);
    state.listed = 'created';
    state.inspectMs = 50;
    const slow = listing.list({});
    await new Promise((resolve) => setTimeout(resolve, 5));
    state.listed = 'running';
    state.inspectMs = 1;
    await listing.list({ podUid: 'uid-1' });
    await slow;
    expect(seen.inspects).toBe(2);
    // The cache holds the later list's `running`: the next relist inspects nothing.
    await listing.list({});
    expect(seen.inspects).toBe(2);
  });

  it('does not keep an answer older than an event that changed the container', async () => {
    const { listing, seen, state } = engine(1);
    state.inspectMs = 30;
    const listed = listing.list({});
    await new Promise((resolve) => setTimeout(resolve, 5));
    listing.invalidate('c0');
    await listed;
    await listing.list({});
    expect(seen.inspects).toBe(2);
  });

  it("bounds a full list's inspects, leaving the other engine-call slots to the pods", async () => {
    const { listing, seen } = engine(FULL_LIST_INSPECTS * 3);
    await listing.list({});
    expect(seen.inspects).toBe(FULL_LIST_INSPECTS * 3);
    expect(seen.peak).toBe(FULL_LIST_INSPECTS);
  });

  it('keeps an answer asked after the event that changed the container, while its list waited for a slot', async () => {
    const { listing, seen } = engine(FULL_LIST_INSPECTS * 2);
    const listed = listing.list({});
    await new Promise((resolve) => setTimeout(resolve, 1));
    // The last container waits for a slot: the event comes before its inspect is asked.
    listing.invalidate(`c${FULL_LIST_INSPECTS * 2 - 1}`);
    await listed;
    await listing.list({});
    expect(seen.inspects).toBe(FULL_LIST_INSPECTS * 2);
  });

  it('does not inspect what a later list answered while it waited for a slot', async () => {
    const { listing, seen, state } = engine(FULL_LIST_INSPECTS * 3);
    state.inspectMs = 20;
    const relisted = listing.list({});
    await new Promise((resolve) => setTimeout(resolve, 1));
    state.inspectMs = 1;
    await listing.list({ podUid: 'uid-1' });
    const relist = await relisted;
    // The pod's list inspected all; the relist only its first slots' worth, asked before.
    expect(seen.inspects).toBe(FULL_LIST_INSPECTS * 4);
    expect(relist).toHaveLength(FULL_LIST_INSPECTS * 3);
  });

  it('keeps an answer with the state it saw, not the older one the list showed', async () => {
    const { listing, seen, state } = engine(2);
    state.listed = 'running';
    state.inspected = 'exited';
    await listing.list({});
    // They died between the list and the inspects; the next list shows it.
    state.listed = 'exited';
    await listing.list({});
    expect(seen.inspects).toBe(2);
  });

  it("inspects when the newer answer saw another state than the list shows (the list's call waited)", async () => {
    const { listing, seen, state } = engine(1);
    state.listed = 'created';
    state.inspected = 'created';
    state.listMs = 30;
    const relisted = listing.list({});
    await new Promise((resolve) => setTimeout(resolve, 1));
    state.listMs = 0;
    await listing.list({ podUid: 'uid-1' });
    // The container starts; its event is not read yet. The relist's list is served after.
    state.listed = 'running';
    state.inspected = 'running';
    expect((await relisted).map((c) => c.state)).toEqual(['running']);
    expect(seen.inspects).toBe(2);
  });
});
