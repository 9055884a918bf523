import type { Logger } from 'pino';
import type { AgentOptions } from '../config/agent-options.js';
import { staticViewSource } from '../services/static-view-source.js';
import { removeServiceNetwork } from '../services/remove-service-network.js';
import { ServiceRangeRefused, startServiceNetwork } from '../services/start-service-network.js';
import { PlayUsageError } from './prepare-play.js';

export interface PlayServices {
  /** Where ClusterFirst pods resolve; undefined when play serves no cluster DNS (not root, or it failed). */
  clusterDns: string | undefined;
  /** The DNS stopped, the interface and rules removed: play leaves nothing behind. */
  stop(): Promise<void>;
}

/**
 * Play's Service network, as the daemon's but on its own range (`derivedServiceRange` of its node
 * name, beside a daemon on the default one) and removed when the play ends. Only as root: the
 * interface and the rules need it; otherwise ClusterFirst pods fall back to the node's DNS with the
 * kubelet's `MissingClusterDNS` warning.
 */
export async function startPlayServices(root: boolean, options: AgentOptions, podNetwork: readonly string[], log: Logger): Promise<PlayServices> {
  const none: PlayServices = { clusterDns: undefined, stop: async () => {} };
  if (!root) return none;
  const remove = async () => {
    await removeServiceNetwork(options.nodeName, log).catch((err: Error) => log.warn({ err }, 'Failed to remove the Service network'));
  };
  try {
    const network = await startServiceNetwork({ options, source: staticViewSource(), podNetwork, log: log.child({ component: 'service-network' }) });
    return { clusterDns: network.clusterDns, stop: async () => { await network.stop(); await remove(); } };
  } catch (err) {
    if (err instanceof ServiceRangeRefused) throw new PlayUsageError(err.message);
    log.warn({ err }, 'Failed to start the Service network: ClusterFirst pods use the node\'s DNS');
    await remove();
    return none;
  }
}

/** `play --down`: what a killed play left for Services. */
export async function removePlayServices(root: boolean, nodeName: string, log: Logger): Promise<void> {
  if (root) await removeServiceNetwork(nodeName, log).catch((err: Error) => log.warn({ err }, 'Failed to remove the Service network'));
}
