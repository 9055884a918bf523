import type { Logger } from 'pino';
import { IptablesProxier } from './iptables-proxier.js';
import { ServiceInterface } from './service-interface.js';
import { serviceInterfaceName } from './service-network-names.js';

/**
 * Everything an agent put on the host for Services, gone for good: its iptables jumps and chains
 * and its interface (with the cluster DNS address and the ClusterIPs). Not done when an agent
 * stops (connections to ClusterIPs survive a restart); done by `minikubelet cleanup-services`, by
 * `play` when it ends, and by tests. Touches only what is named after `nodeName`.
 */
export async function removeServiceNetwork(nodeName: string, log: Logger): Promise<{ interfaceName: string; chains: number }> {
  const proxier = new IptablesProxier({ nodeName, podCidr: undefined });
  let chains = 0;
  if ((await IptablesProxier.check()) === undefined) {
    chains = (await proxier.ownChains('nat')).length + (await proxier.ownChains('filter')).length;
    await proxier.cleanUp();
  }
  const iface = new ServiceInterface(serviceInterfaceName(nodeName), '');
  await iface.remove();
  log.info({ interface: iface.name, chains, nodeName }, 'Removed the Service network');
  return { interfaceName: iface.name, chains };
}
