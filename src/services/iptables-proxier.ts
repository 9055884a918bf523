import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { runHostCommand } from './host-command.js';
import { builtinJumps, makeProxyRules, topChains } from './make-proxy-rules.js';
import { ownChains, ownLines, rulesAsWritten } from './own-iptables-lines.js';
import { chainPrefix } from './service-network-names.js';
import type { ServicesView } from './service-view.js';

export interface IptablesProxierOptions {
  nodeName: string;
  /** The pods' network (Docker's bridge subnet), for the masquerade of traffic from elsewhere. */
  podCidr: string | undefined;
}

const WAIT = ['-w', '5'];

/**
 * The data path of ClusterIPs and NodePorts: the agent's chains written with
 * `iptables-restore --noflush` from each view (`makeProxyRules`), the jumps from the built-in
 * chains inserted once. Only chains named with the agent's prefix are ever written or deleted.
 * The kernel does the forwarding: the agent is not in the data path, and its rules stay when it
 * stops (connections survive an agent restart, as with kube-proxy) until `cleanUp`.
 */
export class IptablesProxier {
  readonly prefix: string;
  private localhostNodePorts = false;
  /** The Services the rules were last written from. */
  private synced: ServicesView['services'] | undefined;
  /** This agent's lines of `iptables-save` as a resync found them after writing them; none after a sync. */
  private written: string | undefined;
  /** The `iptables-restore` text of the last sync. */
  private lastRules: string | undefined;

  constructor(private readonly options: IptablesProxierOptions) {
    this.prefix = chainPrefix(options.nodeName);
  }

  /** Whether iptables works here: the error to report (node condition, start log) when not. */
  static async check(): Promise<string | undefined> {
    return runHostCommand('iptables-save', ['-t', 'nat']).then(() => undefined, (err: Error) => err.message);
  }

  /** Reads route_localnet once: NodePorts answer on 127.0.0.1 only where it is 1 (the agent does not set it). */
  async start(): Promise<void> {
    const value = await readFile('/proc/sys/net/ipv4/conf/all/route_localnet', 'utf8').catch(() => '0');
    this.localhostNodePorts = value.trim() === '1';
  }

  /** Makes the agent's chains exactly what `view` needs; stale chains of this agent are deleted. */
  async sync(view: ServicesView): Promise<void> {
    this.synced = undefined;
    this.written = undefined;
    this.lastRules = undefined;
    const saved = await runHostCommand('iptables-save', []);
    const existing = { nat: ownChains(saved, this.prefix, 'nat'), filter: ownChains(saved, this.prefix, 'filter') };
    const rules = makeProxyRules({ view, prefix: this.prefix, podCidr: this.options.podCidr, localhostNodePorts: this.localhostNodePorts, existing });
    await runHostCommand('iptables-restore', ['--noflush', ...WAIT], rules);
    this.lastRules = rules;
    for (const jump of builtinJumps(this.prefix, this.options.nodeName, this.localhostNodePorts)) {
      const exists = await runHostCommand('iptables', [...WAIT, '-t', jump.table, '-C', jump.chain, ...jump.args]).then(() => true, () => false);
      if (!exists) await runHostCommand('iptables', [...WAIT, '-t', jump.table, '-I', jump.chain, '1', ...jump.args]);
    }
    this.synced = view.services;
  }

  /**
   * kube-proxy's periodic sync, which brings back rules someone flushed (an engine restart,
   * `iptables -F`), at the cost of one `iptables-save` when nothing changed: this agent's lines
   * (its chains, their rules and the jumps into them) are compared with those read after the
   * last write. Anything else (other Services, a line gone or added, nothing read yet) writes
   * them again with `sync` and reads them back, kept for the next comparison only when they hold
   * what was written (`rulesAsWritten`). Returns whether it wrote.
   */
  async resync(view: ServicesView): Promise<boolean> {
    if (this.written !== undefined && isDeepStrictEqual(view.services, this.synced)) {
      if (ownLines(await runHostCommand('iptables-save', []), this.prefix) === this.written) return false;
    }
    await this.sync(view);
    const saved = await runHostCommand('iptables-save', []);
    const jumps = builtinJumps(this.prefix, this.options.nodeName, this.localhostNodePorts);
    if (this.lastRules !== undefined && rulesAsWritten(saved, this.lastRules, this.prefix, jumps)) this.written = ownLines(saved, this.prefix);
    return true;
  }

  /** Every jump and chain of this agent, gone (`minikubelet cleanup` and tests). */
  async cleanUp(): Promise<void> {
    for (const jump of builtinJumps(this.prefix, this.options.nodeName, true)) {
      while (await runHostCommand('iptables', [...WAIT, '-t', jump.table, '-D', jump.chain, ...jump.args]).then(() => true, () => false));
    }
    for (const table of ['nat', 'filter'] as const) {
      const chains = await this.ownChains(table);
      if (chains.length === 0) continue;
      const text = [`*${table}`, ...chains.map((c) => `:${c} - [0:0]`), ...chains.map((c) => `-X ${c}`), 'COMMIT', ''].join('\n');
      await runHostCommand('iptables-restore', ['--noflush', ...WAIT], text);
    }
  }

  /** The chains of `table` whose name has this agent's prefix. */
  async ownChains(table: 'nat' | 'filter'): Promise<string[]> {
    return ownChains(await runHostCommand('iptables-save', ['-t', table]), this.prefix, table);
  }

  get chains() {
    return topChains(this.prefix);
  }
}
