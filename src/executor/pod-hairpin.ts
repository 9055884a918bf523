import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostLinks } from './host-links.js';

/** This host's links, shared by every pod's sandbox. */
const HOST_LINKS = new HostLinks();

/**
 * The kubelet's `hairpin-veth` mode (pkg/kubelet/network/hairpin/hairpin.go): the host end of the
 * pod's veth gets `hairpin_mode` 1 on its bridge port, so a pod reaching its own Service through
 * a ClusterIP, DNAT'ed back to itself on the bridge (br_netfilter), gets its packets: a bridge
 * never sends a frame out of the port it came in on otherwise. The pod's `eth0` is read through
 * the sandbox's `/sys` (`/proc/<pid>/root/sys`), its peer's index found among the host's links
 * (`HostLinks`).
 * Returns the host link set, or undefined when there is none to set (host network, no bridge port).
 */
export async function enableHairpin(sandboxPid: number, procRoot = '/proc', links: HostLinks = HOST_LINKS): Promise<string | undefined> {
  const peerIndex = (await readFile(join(procRoot, String(sandboxPid), 'root/sys/class/net/eth0/iflink'), 'utf8').catch(() => '')).trim();
  if (peerIndex === '') return undefined;
  const link = await links.nameOf(peerIndex);
  if (link === undefined) return undefined;
  const mode = join(links.sysNet, link, 'brport/hairpin_mode');
  const current = (await readFile(mode, 'utf8').catch(() => undefined))?.trim();
  if (current === undefined) return undefined;
  if (current !== '1') await writeFile(mode, '1');
  return link;
}
