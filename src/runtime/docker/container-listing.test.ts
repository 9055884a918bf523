import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import * as L from '../labels.js';
import { ContainerListing, FULL_LIST_INSPECTS } from './container-listing.js';
import { DockerCalls } from './docker-calls.js';

/** An engine with `n` running containers of pod uid-1 whose inspects count how many run at once. */
function engine(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const seen = { inspects: 0, atOnce: 0, peak: 0 };
  const docker = {
    listContainers: async () => ids.map((Id) => ({ Id, State: 'running' })),
    getContainer: (id: string) => ({
      inspect: async () => {
        seen.inspects++;
        seen.peak = Math.max(seen.peak, ++seen.atOnce);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.atOnce--;
        return {
          Id: id, Name: `/k8s_app-${id}_web_default_uid-1_0`, Created: '2024-05-01T12:00:00Z', Image: 'sha256:1',
          Config: { Labels: { [L.LABEL_POD_UID]: 'uid-1', [L.LABEL_CONTAINER_NAME]: `app-${id}`, [L.LABEL_POD_NAME]: 'web' }, Image: 'busybox' },
          State: { Status: 'running', ExitCode: 0, OOMKilled: false, StartedAt: '2024-05-01T12:00:01Z' },
          NetworkSettings: { Networks: {} },
        };
      },
    }),
  } as unknown as Docker;
  return { listing: new ContainerListing({ docker, calls: new DockerCalls(16, undefined) }, 'node-a'), seen };
}

describe('ContainerListing', () => {
  it('a list of every container (the relist) inspects a few at a time, leaving the call bound to the pods', async () => {
    const { listing, seen } = engine(20);
    expect(await listing.list({})).toHaveLength(20);
    expect(seen.inspects).toBe(20);
    expect(seen.peak).toBe(FULL_LIST_INSPECTS);
  });

  it("a pod's own list inspects its containers at once", async () => {
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
});
