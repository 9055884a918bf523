import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { IptablesProxier } from '../../src/services/iptables-proxier.js';
import { ServiceInterface } from '../../src/services/service-interface.js';
import { chainPrefix, serviceInterfaceName } from '../../src/services/service-network-names.js';
import type { ServiceView, ServicesView } from '../../src/services/service-view.js';

const run = promisify(execFile);
const nodeName = `e2e-resync-${randomBytes(4).toString('hex')}`;
const prefix = chainPrefix(nodeName);

const service = (name: string, clusterIP: string): ServiceView => ({
  namespace: 'default', name, type: 'ClusterIP', clusterIP, sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, publishNotReadyAddresses: false,
  ports: [{ name: '', protocol: 'TCP', port: 80 }],
  endpoints: [{ ip: '172.31.250.7', ready: true, ports: new Map([['', 8080]]), podRef: 'default/web-0' }],
});
let version = 0;
const view = (...services: ServiceView[]): ServicesView => ({ version: ++version, services, pods: [] });
const ownRules = async () => (await run('iptables-save', [])).stdout.split('\n').filter((l) => l.includes(prefix));

describe("the Service network's periodic resync on the real host", () => {
  const proxier = new IptablesProxier({ nodeName, podCidr: '172.31.250.0/24' });
  afterAll(async () => {
    await proxier.cleanUp();
  });

  it('reads the rules once and writes nothing while they are as written; writes them again when flushed or when the Services change', async () => {
    await proxier.start();
    const web = service('web', '10.251.0.20');
    await proxier.sync(view(web));
    const written = await ownRules();
    expect(written.some((l) => l.startsWith(`-A ${prefix}`))).toBe(true);

    // The first resync after a write reads the rules back (it writes them once more).
    expect(await proxier.resync(view(web))).toBe(true);
    // A new view object with the same Services (a pod got an address): nothing written.
    expect(await proxier.resync(view(web))).toBe(false);
    expect(await ownRules()).toEqual(written);

    // Someone flushes the agent's chains (as `iptables -F` does): the next resync writes them back.
    const serviceChain = written.map((l) => /^:(\S+) /.exec(l)?.[1]).find((c) => c?.startsWith(`${prefix}SVC-`))!;
    await run('iptables', ['-w', '5', '-t', 'nat', '-F', serviceChain]);
    expect(await ownRules()).not.toEqual(written);
    expect(await proxier.resync(view(web))).toBe(true);
    expect(await ownRules()).toEqual(written);
    expect(await proxier.resync(view(web))).toBe(false);

    // A jump from a built-in chain deleted: written back too.
    const jump = written.find((l) => /^-A (PREROUTING|OUTPUT) /.test(l))!;
    // iptables-save quotes the comment as a shell would.
    await run('sh', ['-c', `iptables -w 5 -t nat -D ${jump.slice(3)}`]);
    expect(await proxier.resync(view(web))).toBe(true);
    expect(await ownRules()).toEqual(written);

    // Other Services: written whatever the rules hold.
    expect(await proxier.resync(view(web, service('api', '10.251.0.21')))).toBe(true);
    expect((await ownRules()).length).toBeGreaterThan(written.length);
  });
});

describe("the Service interface's addresses on the real host", () => {
  const iface = new ServiceInterface(serviceInterfaceName(`e2e-addr-${randomBytes(4).toString('hex')}`), 'minikubelet e2e test');
  afterAll(async () => {
    await iface.remove();
  });

  it('reads the same addresses as `ip` does, after each reconcile', async () => {
    await iface.ensure();
    const fromIp = async () => [...(await run('ip', ['-4', '-o', 'addr', 'show', 'dev', iface.name])).stdout.matchAll(/\binet (\S+)\//g)].map((m) => m[1]).sort();
    expect(await iface.addresses()).toEqual([]);
    expect(await iface.reconcile(['10.252.0.10', '10.252.0.20'])).toEqual({ added: ['10.252.0.10', '10.252.0.20'], removed: [] });
    expect((await iface.addresses()).sort()).toEqual(await fromIp());
    expect(await fromIp()).toEqual(['10.252.0.10', '10.252.0.20']);
    // An address someone deleted comes back; one no longer wanted goes.
    await run('ip', ['addr', 'del', '10.252.0.20/32', 'dev', iface.name]);
    expect(await iface.reconcile(['10.252.0.20', '10.252.0.30'])).toEqual({ added: ['10.252.0.20', '10.252.0.30'], removed: ['10.252.0.10'] });
    expect((await iface.addresses()).sort()).toEqual(await fromIp());
    expect(await iface.reconcile(['10.252.0.20', '10.252.0.30'])).toEqual({ added: [], removed: [] });
  });
});
