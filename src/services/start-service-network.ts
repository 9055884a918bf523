import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { type Ipv4Cidr, parseIpv4Cidr } from '../shared/ipv4-cidr.js';
import { clusterDnsAddress } from './cluster-dns-address.js';
import { ClusterDnsServer } from './cluster-dns-server.js';
import { runHostCommand } from './host-command.js';
import { followServiceChanges } from './follow-service-changes.js';
import { IptablesProxier } from './iptables-proxier.js';
import { checkServiceRange, claimAlias, parseClaims, parseHostRoutes } from './service-range-check.js';
import { ServiceInterface } from './service-interface.js';
import { serviceInterfaceName } from './service-network-names.js';
import { UserspaceProxier } from './userspace-proxier.js';
import type { ServiceViewSource, ServicesView } from './service-view.js';

export interface ServiceNetworkOptions {
  nodeName: string;
  serviceClusterIpRange: Ipv4Cidr;
  clusterDns?: string;
  clusterDomain: string;
  /** The node's resolv.conf (`--resolv-conf`): the cluster DNS's upstream servers. */
  resolvConf: string;
}

export interface ServiceNetworkDeps {
  options: ServiceNetworkOptions;
  source: ServiceViewSource;
  /** The pods' subnets (Docker's bridge network, `EngineFacts.podNetwork`). */
  podNetwork: readonly string[];
  log: Logger;
}

/** How Services are carried out here, for the start log and the node's status. */
export interface ServiceProxyState {
  mode: 'iptables' | 'userspace';
  /** Why iptables is not used, when it is not. */
  error?: string;
}

export interface ServiceNetwork {
  readonly interfaceName: string;
  readonly clusterDns: string;
  readonly proxy: ServiceProxyState;
  /** Stops the DNS and the view's follow-up; the addresses and rules stay (connections survive an agent restart). */
  stop(): Promise<void>;
  /** Waits for the syncs under way (tests). */
  idle(): Promise<void>;
}

/** kube-proxy's `--iptables-sync-period` default. */
const RESYNC_MS = 30_000;

/** The Service range cannot be used: the agent refuses to start, with every reason. */
export class ServiceRangeRefused extends Error {}

/**
 * The Services' data path on this machine, in start order: the range checked (pods' network, host
 * routes, other agents' ranges), the agent's interface with the cluster DNS address and the
 * ClusterIPs, the cluster DNS on `<cluster-dns>:53`, the iptables rules; then each new view
 * reconciled (addresses and rules, one sync at a time, the latest view winning).
 */
export async function startServiceNetwork({ options, source, podNetwork, log }: ServiceNetworkDeps): Promise<ServiceNetwork> {
  const range = options.serviceClusterIpRange;
  const clusterDns = clusterDnsAddress(options);
  const iface = new ServiceInterface(serviceInterfaceName(options.nodeName), claimAlias(options.nodeName, range), range.text);
  await refuseOverlaps(options, clusterDns, podNetwork);
  const kind = await iface.ensure();
  // Checked again with this agent's claim written: two agents starting at once see each other.
  await refuseOverlaps(options, clusterDns, podNetwork).catch(async (err: unknown) => {
    if (kind !== 'existing') await iface.remove();
    throw err;
  });
  const iptablesError = await IptablesProxier.check();
  const proxy: ServiceProxyState = iptablesError ? { mode: 'userspace', error: iptablesError } : { mode: 'iptables' };
  if (iptablesError) log.error({ err: { message: iptablesError } }, 'iptables is unavailable: Services go through the agent\'s userspace proxy (connections close when the agent restarts)');
  const proxier = iptablesError ? undefined : new IptablesProxier({ nodeName: options.nodeName, podCidr: podNetwork[0] });
  const userspace = iptablesError ? new UserspaceProxier(log.child({ component: 'userspace-proxy' })) : undefined;
  await proxier?.start();

  const addresses = (view: ServicesView) => [clusterDns, ...view.services.flatMap((s) => (s.clusterIP === 'None' ? [] : [s.clusterIP]))];
  /** `periodic`: the resync, which writes the rules only when they are not as last written. */
  const sync = async (view: ServicesView, periodic = false) => {
    const changed = await iface.reconcile(addresses(view));
    if (periodic) await proxier?.resync(view);
    else await proxier?.sync(view);
    await userspace?.sync(view);
    log.debug({ version: view.version, ...changed }, 'Synced the Service addresses and rules');
  };
  const first = source.current();
  await firstSync(() => sync(first), log);
  const dns = new ClusterDnsServer({ address: clusterDns, clusterDomain: options.clusterDomain, source, resolvConf: options.resolvConf, log: log.child({ component: 'cluster-dns' }) });
  await dns.start();

  const queue = new LatestViewQueue((view, periodic) => sync(view, periodic).catch((err: unknown) => {
    follow.forget();
    throw err;
  }), log);
  const follow = followServiceChanges(source, (view) => queue.push(view), first);
  // As kube-proxy's periodic sync: rules someone flushed (an engine restart, `iptables -F`) come back.
  const resync = setInterval(() => queue.push(source.current(), true), RESYNC_MS);
  resync.unref();
  log.info({ interface: iface.name, kind, range: range.text, clusterDns, proxy: proxy.mode, chains: proxier?.prefix }, 'Started the Service network');
  return {
    interfaceName: iface.name, clusterDns, proxy,
    async stop() {
      follow.unsubscribe();
      clearInterval(resync);
      await queue.idle();
      await dns.stop();
      await userspace?.stop();
    },
    idle: () => queue.idle(),
  };
}

/** The first sync, tried 3 times 1 s apart: agents starting at once contend for the iptables lock. */
async function firstSync(sync: () => Promise<void>, log: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sync();
    } catch (err) {
      if (attempt >= 3) throw err;
      log.warn({ err, attempt }, 'Failed to sync the Service addresses and rules; trying again');
      await delay(1000);
    }
  }
}

async function refuseOverlaps(options: ServiceNetworkOptions, clusterDns: string, podNetwork: readonly string[]): Promise<void> {
  const errors = checkServiceRange({
    nodeName: options.nodeName, range: options.serviceClusterIpRange, clusterDns,
    podNetwork: podNetwork.flatMap((s) => { const c = parseIpv4Cidr(s); return c.ok ? [c.value] : []; }),
    routes: parseHostRoutes(await runHostCommand('ip', ['-4', 'route', 'show', 'table', 'main'])),
    claims: parseClaims(await runHostCommand('ip', ['-o', 'link', 'show'])),
  });
  if (errors.length > 0) throw new ServiceRangeRefused(errors.join('\n'));
}

/**
 * One sync at a time; a view that arrives during a sync waits, replaced by any newer one. A
 * periodic push replacing a change's stays a full sync.
 */
class LatestViewQueue {
  private pending: { view: ServicesView; periodic: boolean } | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly sync: (view: ServicesView, periodic: boolean) => Promise<void>, private readonly log: Logger) {}

  push(view: ServicesView, periodic = false): void {
    this.pending = { view, periodic: periodic && (this.pending?.periodic ?? true) };
    this.running ??= this.drain();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const { view, periodic } = this.pending;
      this.pending = undefined;
      await this.sync(view, periodic).catch((err: Error) => this.log.error({ err, version: view.version }, 'Failed to sync the Service addresses and rules; retried with the next view'));
    }
    this.running = undefined;
  }
}
