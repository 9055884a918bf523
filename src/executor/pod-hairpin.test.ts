import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostLinks } from './host-links.js';
import { enableHairpin } from './pod-hairpin.js';

describe('enableHairpin (kubelet hairpin-veth)', () => {
  let root: string;
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A fake /proc/<pid>/root/sys and host /sys/class/net: the pod's eth0 peers with link index 42. */
  async function fakeHost(links: Record<string, { index: number; hairpin?: string }>): Promise<{ proc: string; sys: string }> {
    root = await mkdtemp(join(tmpdir(), 'hairpin-'));
    const podNet = join(root, 'proc/123/root/sys/class/net/eth0');
    await mkdir(podNet, { recursive: true });
    await writeFile(join(podNet, 'iflink'), '42\n');
    for (const [name, link] of Object.entries(links)) {
      await mkdir(join(root, 'sys', name, 'brport'), { recursive: true });
      await writeFile(join(root, 'sys', name, 'ifindex'), `${link.index}\n`);
      if (link.hairpin !== undefined) await writeFile(join(root, 'sys', name, 'brport/hairpin_mode'), `${link.hairpin}\n`);
    }
    return { proc: join(root, 'proc'), sys: join(root, 'sys') };
  }

  it('sets hairpin_mode on the bridge port whose index is the pod eth0 peer, and no other', async () => {
    const { proc, sys } = await fakeHost({ docker0: { index: 5 }, veth0aa: { index: 41, hairpin: '0' }, veth1bb: { index: 42, hairpin: '0' } });
    expect(await enableHairpin(123, proc, new HostLinks(sys))).toBe('veth1bb');
    expect((await readFile(join(sys, 'veth1bb/brport/hairpin_mode'), 'utf8')).trim()).toBe('1');
    expect((await readFile(join(sys, 'veth0aa/brport/hairpin_mode'), 'utf8')).trim()).toBe('0');
  });

  it('does nothing when the peer is no bridge port or the pod has no eth0', async () => {
    const { proc, sys } = await fakeHost({ veth1bb: { index: 42 } });
    const links = new HostLinks(sys);
    expect(await enableHairpin(123, proc, links)).toBeUndefined();
    expect(await enableHairpin(999, proc, links)).toBeUndefined();
  });

  it('reads each link\'s index once, and again for a link made anew under a known name', async () => {
    const { proc, sys } = await fakeHost({ veth0aa: { index: 41, hairpin: '0' } });
    const links = new HostLinks(sys);
    expect(await enableHairpin(123, proc, links)).toBeUndefined();
    // veth0aa is deleted and made again with the pod's peer index; a new veth1bb appears.
    await writeFile(join(sys, 'veth0aa/ifindex'), '42\n');
    await mkdir(join(sys, 'veth1bb', 'brport'), { recursive: true });
    await writeFile(join(sys, 'veth1bb/ifindex'), '43\n');
    await writeFile(join(sys, 'veth1bb/brport/hairpin_mode'), '0\n');
    expect(await links.nameOf('43')).toBe('veth1bb');
    expect(await enableHairpin(123, proc, links)).toBe('veth0aa');
    await rm(join(sys, 'veth1bb'), { recursive: true });
    expect(await links.nameOf('43')).toBeUndefined();
  });
});
