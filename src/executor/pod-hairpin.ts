import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The kubelet's `hairpin-veth` mode (pkg/kubelet/network/hairpin/hairpin.go): the host end of the
 * pod's veth gets `hairpin_mode` 1 on its bridge port, so a pod reaching its own Service through
 * a ClusterIP, DNAT'ed back to itself on the bridge (br_netfilter), gets its packets: a bridge
 * never sends a frame out of the port it came in on otherwise. The pod's `eth0` is read through
 * the sandbox's `/sys` (`/proc/<pid>/root/sys`), its peer's index found among the host's links.
 * Returns the host link set, or undefined when there is none to set (host network, no bridge port).
 */
export async function enableHairpin(sandboxPid: number, procRoot = '/proc', sysNet = '/sys/class/net'): Promise<string | undefined> {
  const peerIndex = (await readFile(join(procRoot, String(sandboxPid), 'root/sys/class/net/eth0/iflink'), 'utf8').catch(() => '')).trim();
  if (peerIndex === '') return undefined;
  // Every link's index read at once: with 100 pods there are 100 veths, read one after the other
  // they held the pod's app containers back by milliseconds.
  const links = await readdir(sysNet);
  const indexes = await Promise.all(links.map((link) => readFile(join(sysNet, link, 'ifindex'), 'utf8').then((i) => i.trim(), () => '')));
  const link = links[indexes.indexOf(peerIndex)];
  if (link === undefined) return undefined;
  const mode = join(sysNet, link, 'brport/hairpin_mode');
  const current = (await readFile(mode, 'utf8').catch(() => undefined))?.trim();
  if (current === undefined) return undefined;
  if (current !== '1') await writeFile(mode, '1');
  return link;
}
