import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient } from '../helpers/docker.js';
import { BUSYBOX } from './pod-helpers.js';

/**
 * Issue 17 §3, image GC, on a shared engine: every other agent of the test suite runs with image GC
 * off (the harness's `--image-gc-high-threshold 100`); this one collects at once (thresholds 0,
 * minimum age 0s) but only images under its own repository prefix (`--image-gc-repositories`, a
 * real option for engines other tools share), which are throwaway images this test makes. Of them it
 * deletes the unused one, keeps the one a container of another tool uses, and never touches an
 * image outside the prefix.
 */
describe('image GC deletes only unused images in its scope (real engine)', { timeout: 120_000 }, () => {
  const docker = dockerClient();
  const tag = randomBytes(4).toString('hex');
  const scope = `minikubelet-gc-${tag}/`;
  const refs = { unused: `${scope}unused:1`, usedByTool: `${scope}used:1`, outside: `minikubelet-gc-outside-${tag}/kept:1` };
  const label = { 'minikubelet.test/image-gc': tag };
  let agent: AgentHarness;

  /** A throwaway image: busybox committed under a new name (a new image ID, no new layer). */
  async function throwaway(ref: string): Promise<string> {
    const [repo, version] = ref.split(':') as [string, string];
    const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['true'], Labels: label });
    try {
      const committed = (await c.commit({ repo, tag: version, comment: `image GC test ${tag}`, changes: `LABEL minikubelet.test/image-gc=${tag}` })) as { Id: string };
      return committed.Id;
    } finally {
      await c.remove({ force: true });
    }
  }
  const present = async (ref: string) => (await docker.getImage(ref).inspect().catch(() => undefined)) !== undefined;

  beforeAll(async () => {
    for (const ref of Object.values(refs)) await throwaway(ref);
    // Another tool's container (not an agent's: no node label), never started: its image is in use.
    await docker.createContainer({ Image: refs.usedByTool, Cmd: ['true'], Labels: label });
    agent = await startAgent({
      extraArgs: ['--image-gc-high-threshold', '0', '--image-gc-low-threshold', '0', '--image-minimum-gc-age', '0s', '--image-gc-repositories', scope],
    });
  });
  afterAll(async () => {
    await agent?.cleanup();
    for (const c of await docker.listContainers({ all: true, filters: { label: [`minikubelet.test/image-gc=${tag}`] } })) await docker.getContainer(c.Id).remove({ force: true });
    for (const ref of Object.values(refs)) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  });

  it('deletes the unused image of its scope', async () => {
    await agent.waitFor(async () => !(await present(refs.unused)), { what: `${refs.unused} deleted`, timeoutMs: 60_000 });
    // The agent says so once the engine has answered; the image may be seen gone a moment before.
    await agent.waitFor(() => agent.logs().includes('Deleted unused image'), { what: 'the deletion logged', timeoutMs: 10_000 });
  });

  it('keeps an image a container of another tool uses, and every image outside its scope', async () => {
    expect(await present(refs.usedByTool)).toBe(true);
    expect(await present(refs.outside)).toBe(true);
    expect(await present(BUSYBOX)).toBe(true);
    await agent.waitFor(() => agent.logs().includes('Image GC could not free the required amount: not enough unused images'), { what: 'the shortfall logged', timeoutMs: 10_000 });
  });
});
