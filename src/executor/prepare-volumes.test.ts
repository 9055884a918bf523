import { chown, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PodSecurityContext } from '../api/pod-types.js';
import { makePod } from '../status/testing/fixtures.js';
import { emptyDirPath } from '../volumes/pod-dirs.js';
import { prepareVolumes } from './prepare-volumes.js';

const NODE_MEMORY = 2 ** 30;
const asRoot = process.getuid?.() === 0;

const modeAndGroup = async (dir: string) => {
  const info = await stat(dir);
  return `${(info.mode & 0o7777).toString(8)} ${info.gid}`;
};

describe.skipIf(!asRoot)('prepareVolumes: a disk emptyDir with and without fsGroup', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'prepare-volumes-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const podWith = (securityContext?: PodSecurityContext) =>
    makePod({ volumes: [{ name: 'data', emptyDir: { medium: '' } }], ...(securityContext ? { securityContext } : {}) });

  it('makes the directory 0777 without fsGroup, as before', async () => {
    const prepared = await prepareVolumes(podWith(), root, NODE_MEMORY);
    const dir = emptyDirPath(root, podWith().metadata.uid, 'data');
    expect(prepared.paths.get('data')).toBe(dir);
    expect(prepared.warnings).toEqual([]);
    expect(await modeAndGroup(dir)).toBe('777 0');
  });

  it.each([
    [0o1777, '1777 0'],
    [0o750, '750 0'],
  ])('gives it emptyDir.mode %o when set (KEP-5502)', async (mode, expected) => {
    const pod = makePod({ volumes: [{ name: 'data', emptyDir: { medium: '', mode } }] });
    await prepareVolumes(pod, root, NODE_MEMORY);
    expect(await modeAndGroup(emptyDirPath(root, pod.metadata.uid, 'data'))).toBe(expected);
  });

  it('group-owns it by fsGroup with setgid once, when it is set up, whatever fsGroupChangePolicy says', async () => {
    const pod = podWith({ fsGroup: 2000, fsGroupChangePolicy: 'OnRootMismatch' });
    const dir = emptyDirPath(root, pod.metadata.uid, 'data');
    await prepareVolumes(pod, root, NODE_MEMORY);
    expect(await modeAndGroup(dir)).toBe('2777 2000');
    // A container changes a file's group; the next container start (or an agent restart) leaves it,
    // as the kubelet's emptyDir SetUp does once the volume is ready.
    await writeFile(path.join(dir, 'f'), 'x');
    await chown(path.join(dir, 'f'), 0, 0);
    const again = await prepareVolumes(pod, root, NODE_MEMORY);
    expect(again.warnings).toEqual([]);
    expect(await modeAndGroup(dir)).toBe('2777 2000');
    expect((await stat(path.join(dir, 'f'))).gid).toBe(0);
  });
});
