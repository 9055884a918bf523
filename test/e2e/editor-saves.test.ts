import { mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiPod } from '../../src/api/api-pod.js';
import { VANISHED_FILE_GRACE_MS } from '../../src/manifests/scan-timing.js';
import { OWNER_RECORD_FILE } from '../../src/manifests/owner-record.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { getPod, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

/** A pod that runs until SIGTERM; `version` is in its env, so a new version is a new pod. */
function podYaml(name: string, version: string): string {
  return runForeverPod(name, `    env: [{ name: VERSION, value: "${version}" }]\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Shorter than the grace: the moment an editor's save leaves the file missing or empty. */
const SAVE_GAP_MS = 300;

/** The three ways editors save a file, each leaving `content` in `file` at the end. */
const SAVES: Record<string, (file: string, content: string) => Promise<void>> = {
  'write-then-rename': async (file, content) => {
    const temp = `${file.replace(/[^/]+$/, '.$&')}.swp-tmp`;
    await writeFile(temp, content);
    await rename(temp, file);
  },
  'delete-then-create': async (file, content) => {
    await rm(file);
    await sleep(SAVE_GAP_MS);
    await writeFile(file, content);
  },
  'truncate-then-write': async (file, content) => {
    const handle = await open(file, 'r+');
    try {
      await handle.truncate(0);
      await sleep(SAVE_GAP_MS);
      await handle.write(content, 0);
    } finally {
      await handle.close();
    }
  },
};

const main = (pod: ApiPod | undefined) => pod?.status.containerStatuses?.find((s) => s.name === 'main');

describe('editor saves and manifest ownership on the real engine', () => {
  let agent: AgentHarness | undefined;
  let manifestDir: string;
  let rootDir: string;
  const nodeName = `e2e-saves-${process.pid}`;

  beforeAll(async () => {
    manifestDir = await mkdtemp(join(tmpdir(), 'minikubelet-saves-manifests-'));
    rootDir = await mkdtemp(join(tmpdir(), 'minikubelet-saves-root-'));
    agent = await startAgent({ manifestDir, rootDir, nodeName });
  });
  afterAll(async () => {
    await agent?.cleanup();
    await Promise.all([manifestDir, rootDir].map((d) => rm(d, { recursive: true, force: true })));
  });

  for (const [pattern, save] of Object.entries(SAVES)) {
    it(`${pattern}: the same content keeps the container, new content replaces the pod`, async () => {
      const a = agent!;
      const name = `save-${pattern.split('-')[0]}`;
      const file = await a.writeManifest(`${name}.yaml`, podYaml(name, 'v1'));
      const before = await waitForRunning(a, name);
      await save(file, podYaml(name, 'v1'));
      // Past the grace: a vanished or empty file would have stopped the pod by now.
      await sleep(VANISHED_FILE_GRACE_MS + 1500);
      const same = await getPod(a, name);
      expect(same?.metadata.uid).toBe(before.metadata.uid);
      expect(main(same)?.containerID).toBe(main(before)?.containerID);
      expect(main(same)?.restartCount).toBe(main(before)?.restartCount);
      expect(same?.status.phase).toBe('Running');
      expect(a.logs()).not.toMatch(new RegExp(`Removed manifest file.*${name}\\.yaml`));

      await save(file, podYaml(name, 'v2'));
      const replaced = await a.waitFor(async () => {
        const pod = await waitForRunning(a, name);
        return pod.metadata.uid !== before.metadata.uid ? pod : undefined;
      }, { what: `pod ${name} replaced by its new content` });
      expect(main(replaced)?.containerID).not.toBe(main(before)?.containerID);
      const ids = (await podContainers(nodeName, name)).filter((c) => c.Labels['io.kubernetes.container.name'] === 'main').map((c) => c.Id);
      expect(ids).toEqual([main(replaced)!.containerID!.replace('docker://', '')]);
    });
  }

  it('a file that stays gone stops its pod once the grace is over', async () => {
    const a = agent!;
    await a.writeManifest('gone.yaml', podYaml('gone', 'v1'));
    await waitForRunning(a, 'gone');
    const removedAt = Date.now();
    await a.removeManifest('gone.yaml');
    await a.waitFor(() => getPod(a, 'gone'), { until: (p) => p === undefined, what: 'pod gone removed' });
    expect(Date.now() - removedAt).toBeGreaterThanOrEqual(VANISHED_FILE_GRACE_MS);
  });

  it('keeps the running owner of a duplicated name across an agent restart, though file order now favours the other file', async () => {
    let a = agent!;
    await a.writeManifest('m-owner.yaml', podYaml('shared', 'owner'));
    const owner = await waitForRunning(a, 'shared');
    // a-other.yaml sorts first: a restart that re-derived the owner from the listing would pick it.
    await a.writeManifest('a-other.yaml', podYaml('shared', 'other'));
    const conflict = async () => {
      const r = await a.cli(['get', 'pods']);
      return r.stdout + r.stderr;
    };
    await a.waitFor(conflict, { until: (out) => /a-other\.yaml.*already defined in m-owner\.yaml/.test(out), what: 'the duplicate-name error for a-other.yaml' });
    const record = JSON.parse(await readFile(join(rootDir, OWNER_RECORD_FILE), 'utf8')) as { owners: Record<string, string> };
    expect(record.owners['default/shared']).toBe(join(manifestDir, 'm-owner.yaml'));

    await a.stop();
    agent = a = await startAgent({ manifestDir, rootDir, nodeName });
    const afterRestart = await a.waitFor(conflict, { until: (out) => /already defined in/.test(out), what: 'the duplicate-name error after the restart' });
    expect(afterRestart).toMatch(/a-other\.yaml.*already defined in m-owner\.yaml/);
    await sleep(3000); // a few syncs
    const after = await waitForRunning(a, 'shared');
    expect(after.metadata.uid).toBe(owner.metadata.uid);
    expect(main(after)?.containerID).toBe(main(owner)?.containerID);
    expect(main(after)?.restartCount).toBe(main(owner)?.restartCount);

    // Removing the owner frees the name: the other file's pod takes it (after the grace).
    await a.removeManifest('m-owner.yaml');
    const taken = await a.waitFor(async () => {
      const pod = await waitForRunning(a, 'shared');
      return pod.metadata.uid !== owner.metadata.uid ? pod : undefined;
    }, { what: 'a-other.yaml taking the name shared' });
    expect(taken.spec.containers[0]?.env.find((e) => e.name === 'VERSION')?.value).toBe('other');
  });
});
