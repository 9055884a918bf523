import { HostCommandError, runHostCommand } from './host-command.js';

/**
 * The agent's own interface holding the cluster DNS address and the ClusterIPs as /32 addresses,
 * so they are this machine's addresses (as kube-proxy's IPVS mode does with `kube-ipvs0`): pods
 * reach them through their gateway, and the host's INPUT delivers them. A `dummy` link where the
 * kernel has the driver; else a bridge with no ports (attached to nothing, so it carries no
 * traffic either). Its alias names the agent, for operators reading `ip link`.
 */
export class ServiceInterface {
  /**
   * `alias`: the agent's claim on its Service range (`claimAlias`), read by the other agents' start
   * checks; `range`: routed into the link, so an address of the range that is no Service's (a
   * removed one) goes nowhere instead of out of the default route.
   */
  constructor(readonly name: string, private readonly alias: string, private readonly range?: string) {}

  /** Creates the link when missing, writes the claim, brings it up and routes the range into it; returns the kind used. */
  async ensure(): Promise<'dummy' | 'bridge' | 'existing'> {
    const kind = (await this.exists()) ? 'existing' : await this.create();
    await runHostCommand('ip', ['link', 'set', this.name, 'alias', this.alias]);
    await runHostCommand('ip', ['link', 'set', this.name, 'up']);
    if (this.range) await runHostCommand('ip', ['route', 'replace', this.range, 'dev', this.name]);
    return kind;
  }

  private async create(): Promise<'dummy' | 'bridge'> {
    let kind: 'dummy' | 'bridge' = 'dummy';
    try {
      await runHostCommand('ip', ['link', 'add', this.name, 'type', 'dummy']);
    } catch (err) {
      if (!(err instanceof HostCommandError) || !/Unknown device type|not supported/i.test(err.stderr)) throw err;
      kind = 'bridge';
      await runHostCommand('ip', ['link', 'add', this.name, 'type', 'bridge']);
    }
    return kind;
  }

  /**
   * The IPv4 addresses on the link now. (Not from getifaddrs: it names an address added with a
   * label by its label, and with 200 pods' links it costs the event loop as much as this spawn.)
   */
  async addresses(): Promise<string[]> {
    const out = await runHostCommand('ip', ['-4', '-o', 'addr', 'show', 'dev', this.name]);
    return [...out.matchAll(/\binet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1]!);
  }

  /** Adds the missing addresses and removes the others: the link holds exactly `wanted`. */
  async reconcile(wanted: readonly string[]): Promise<{ added: string[]; removed: string[] }> {
    const present = new Set(await this.addresses());
    const want = new Set(wanted);
    const added = [...want].filter((a) => !present.has(a));
    const removed = [...present].filter((a) => !want.has(a));
    for (const address of added) await runHostCommand('ip', ['addr', 'add', `${address}/32`, 'dev', this.name]);
    for (const address of removed) await runHostCommand('ip', ['addr', 'del', `${address}/32`, 'dev', this.name]).catch(() => undefined);
    return { added, removed };
  }

  async exists(): Promise<boolean> {
    return runHostCommand('ip', ['link', 'show', 'dev', this.name]).then(() => true, () => false);
  }

  /** The link with its addresses and its route, gone. */
  async remove(): Promise<void> {
    if (await this.exists()) await runHostCommand('ip', ['link', 'del', this.name]);
  }
}
