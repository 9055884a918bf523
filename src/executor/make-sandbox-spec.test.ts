import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../api/pod-types.js';
import { makePod } from '../status/testing/fixtures.js';
import { makeSandboxSpec } from './make-sandbox-spec.js';

function sandbox(spec: Partial<PodSpec>, extra: { cgroupParent?: string; dns?: { servers: string[]; searches: string[]; options: string[] } } = {}) {
  return makeSandboxSpec({ pod: makePod(spec), attempt: 0, nodeName: 'node-1', pauseImage: 'pause', oomScoreAdj: undefined, clusterDomain: 'cluster.local', ...extra });
}

describe('makeSandboxSpec: pod cgroup, namespaces, sysctls, hosts, DNS', () => {
  it('keeps the plain sandbox free of the optional settings', () => {
    const spec = sandbox({});
    expect(spec).toMatchObject({ ipcMode: 'shareable', networkMode: 'default', cpuShares: 2 });
    for (const key of ['pidMode', 'cgroupParent', 'sysctls', 'extraHosts', 'dns']) expect(spec).not.toHaveProperty(key);
  });

  it('puts the pause container in the pod cgroup', () => {
    expect(sandbox({}, { cgroupParent: '/kubepods/besteffort/podx' }).cgroupParent).toBe('/kubepods/besteffort/podx');
  });

  it('uses the host IPC and PID namespaces for hostIPC and hostPID', () => {
    expect(sandbox({ hostIPC: true, hostPID: true })).toMatchObject({ ipcMode: 'host', pidMode: 'host' });
  });

  it('sets sysctls (slashed names in dotted form), hostAliases and DNS on the sandbox', () => {
    const dns = { servers: ['1.1.1.1'], searches: ['.'], options: ['ndots:2'] };
    const spec = sandbox(
      {
        securityContext: { sysctls: [{ name: 'kernel/shm_rmid_forced', value: '1' }, { name: 'net.ipv4.ip_local_port_range', value: '1024 65000' }] },
        hostAliases: [{ ip: '10.0.0.1', hostnames: ['db', 'db.local'] }, { ip: '10.0.0.2', hostnames: ['cache'] }],
      },
      { dns },
    );
    expect(spec.sysctls).toEqual({ 'kernel.shm_rmid_forced': '1', 'net.ipv4.ip_local_port_range': '1024 65000' });
    expect(spec.extraHosts).toEqual(['db:10.0.0.1', 'db.local:10.0.0.1', 'cache:10.0.0.2']);
    expect(spec.dns).toEqual(dns);
  });

  it('cuts a long pod name to a 63-character hostname without a trailing dash (kubelet truncatePodHostnameIfNeeded)', () => {
    const pod = makePod({});
    pod.metadata.name = `${'a'.repeat(62)}-${'b'.repeat(40)}`;
    const spec = makeSandboxSpec({ pod, attempt: 0, nodeName: 'node-1', pauseImage: 'pause', oomScoreAdj: undefined, clusterDomain: 'cluster.local' });
    expect(spec.hostname).toBe('a'.repeat(62));
  });

  it('gives a pod with a subdomain the kubelet FQDN: short hostname, domain in Domainname', () => {
    const spec = sandbox({ hostname: 'web-0', subdomain: 'web' });
    expect(spec).toMatchObject({ hostname: 'web-0', domainname: 'web.default.svc.cluster.local' });
  });

  it('makes the FQDN the kernel hostname under setHostnameAsFQDN, with no separate domain', () => {
    const spec = sandbox({ hostname: 'web-0', subdomain: 'web', setHostnameAsFQDN: true });
    expect(spec.hostname).toBe('web-0.web.default.svc.cluster.local');
    expect(spec).not.toHaveProperty('domainname');
  });

  it('ignores setHostnameAsFQDN without a subdomain, and names nothing on the host network', () => {
    expect(sandbox({ setHostnameAsFQDN: true })).not.toHaveProperty('domainname');
    const host = sandbox({ hostNetwork: true, subdomain: 'web' });
    expect(host).not.toHaveProperty('hostname');
    expect(host).not.toHaveProperty('domainname');
  });

  it("refuses an FQDN longer than the kernel's 64 characters, with the kubelet's message", () => {
    expect(() => sandbox({ hostname: 'a'.repeat(40), subdomain: 'web', setHostnameAsFQDN: true })).toThrow(
      /FQDN a{40}\.web\.default\.svc\.cluster\.local is too long \(64 characters is the max, 70 characters requested\)/,
    );
  });
});
