import { readlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { inspect } from '../helpers/docker.js';
import { removeAllPods } from './host-state.js';
import { BUSYBOX, dockerExec, getPod, podContainers, waitForRunning } from './pod-helpers.js';

const FOREVER = `trap 'exit 0' TERM; while true; do sleep 1; done`;
const SLOW = 120_000;

function pod(name: string, spec: string, containers: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
${spec}
  containers:
${containers}`;
}

function container(name: string, extra = '', script = FOREVER): string {
  return `  - name: ${name}
    image: ${BUSYBOX}
    command: ["sh", "-c", ${JSON.stringify(script)}]
${extra ? `${extra}\n` : ''}`;
}

async function running(agent: AgentHarness, podName: string, name: string) {
  const c = (await podContainers(agent.nodeName, podName)).find((x) => x.Labels['io.kubernetes.container.name'] === name && x.State === 'running');
  if (!c) throw new Error(`no running ${name} in ${podName}`);
  return (await inspect(c.Id))!;
}

const sh = (id: string, script: string) => dockerExec(id, ['sh', '-c', script]);

// Generous per-test time: these run beside other engine suites on a small, loaded machine.
describe('pod security settings and namespaces (real engine)', { timeout: 300_000 }, () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--allow-privileged', '--backoff-initial-seconds', '1', '--backoff-max-seconds', '2'] });
  });
  afterAll(async () => {
    await removeAllPods(agent);
    await agent?.cleanup();
  });

  it('runs as runAsUser/runAsGroup with supplementalGroups; the container value wins over the pod value', async () => {
    await agent.writeManifest('ids.yaml', pod(
      'ids',
      '  securityContext: { runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [4000] }',
      container('pod-level') + container('own', '    securityContext: { runAsUser: 2000 }'),
    ));
    await waitForRunning(agent, 'ids', SLOW);
    const podLevel = await running(agent, 'ids', 'pod-level');
    expect(podLevel.Config.User).toBe('1000:3000');
    expect(podLevel.HostConfig.GroupAdd).toEqual(['4000']);
    expect((await sh(podLevel.Id, 'id -u; id -g; id -G')).split('\n')).toEqual(['1000', '3000', expect.stringMatching(/\b4000\b/), '']);
    const own = await running(agent, 'ids', 'own');
    expect((await sh(own.Id, 'id -u; id -g')).trim()).toBe('2000\n3000');
  });

  it('refuses runAsNonRoot on an image that runs as root (CreateContainerConfigError), and runs it with a non-zero runAsUser', async () => {
    await agent.writeManifest('nonroot.yaml', pod(
      'nonroot',
      '',
      container('as-root', '    securityContext: { runAsNonRoot: true }') + container('as-user', '    securityContext: { runAsNonRoot: true, runAsUser: 1000 }'),
    ));
    const p = await agent.waitFor(() => getPod(agent, 'nonroot'), {
      until: (x) => !!x?.status.containerStatuses.find((s) => s.name === 'as-user')?.state.running && x.status.containerStatuses.find((s) => s.name === 'as-root')?.state.waiting?.reason === 'CreateContainerConfigError',
      timeoutMs: SLOW,
      what: 'as-user running, as-root refused',
    });
    expect(p!.status.containerStatuses.find((s) => s.name === 'as-root')!.state.waiting!.message).toBe(
      `container has runAsNonRoot and image will run as root (pod: "nonroot_default(${p!.metadata.uid})", container: as-root); set securityContext.runAsUser to a non-zero uid or use an image with a non-root USER`,
    );
    expect((await agent.cli(['get', 'pods'])).stdout).toMatch(/nonroot\s+1\/2\s+CreateContainerConfigError/);
  });

  it('applies readOnlyRootFilesystem, capabilities drop/add and allowPrivilegeEscalation: false', async () => {
    await agent.writeManifest('locked.yaml', pod(
      'locked',
      '',
      container('locked', '    securityContext:\n      readOnlyRootFilesystem: true\n      allowPrivilegeEscalation: false\n      capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] }'),
    ));
    await waitForRunning(agent, 'locked', SLOW);
    const c = await running(agent, 'locked', 'locked');
    expect(c.HostConfig).toMatchObject({ ReadonlyRootfs: true, CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE'], SecurityOpt: ['no-new-privileges'] });
    expect(await sh(c.Id, 'touch /x 2>&1; echo rc=$?')).toMatch(/Read-only file system[\s\S]*rc=1/);
    const status = await sh(c.Id, 'grep -E "^(CapEff|NoNewPrivs)" /proc/1/status');
    expect(status).toMatch(/CapEff:\s+0000000000000400/); // only CAP_NET_BIND_SERVICE (bit 10)
    expect(status).toMatch(/NoNewPrivs:\s+1/);
  });

  it('shares the process namespace with shareProcessNamespace: pause is PID 1 and reaps orphaned zombies', async () => {
    await agent.writeManifest('shared-pid.yaml', pod('shared-pid', '  shareProcessNamespace: true', container('orphaner') + container('watcher')));
    await waitForRunning(agent, 'shared-pid', SLOW);
    const orphaner = await running(agent, 'shared-pid', 'orphaner');
    const watcher = await running(agent, 'shared-pid', 'watcher');
    const sandbox = await running(agent, 'shared-pid', 'POD');
    expect(watcher.HostConfig.PidMode).toBe(`container:${sandbox.Id}`);
    expect((await sh(watcher.Id, 'tr "\\0" " " < /proc/1/cmdline')).trim()).toBe('/pause');
    // A shell in one container starts a sleep and exits at once: the orphan is adopted by PID 1.
    const orphan = (await sh(orphaner.Id, 'sleep 600 >/dev/null 2>&1 & echo $!')).trim();
    expect(orphan).toMatch(/^\d+$/);
    expect((await sh(watcher.Id, `cut -d" " -f4 /proc/${orphan}/stat`)).trim()).toBe('1');
    // Killed from the other container, it dies; pause reaps it, so no zombie stays behind.
    await sh(watcher.Id, `kill ${orphan}`);
    await agent.waitFor(() => sh(watcher.Id, `cat /proc/${orphan}/stat 2>/dev/null | cut -d" " -f3`), {
      until: (state) => state.trim() === '',
      timeoutMs: 30_000,
      what: 'the orphan reaped (no zombie left in /proc)',
    });
  });

  it('joins the host IPC and PID namespaces with hostIPC and hostPID', async () => {
    await agent.writeManifest('host-ns.yaml', pod('host-ns', '  hostIPC: true\n  hostPID: true', container('app')));
    await waitForRunning(agent, 'host-ns', SLOW);
    const c = await running(agent, 'host-ns', 'app');
    expect(c.HostConfig).toMatchObject({ IpcMode: 'host', PidMode: 'host' });
    expect((await sh(c.Id, 'readlink /proc/self/ns/ipc')).trim()).toBe(await readlink('/proc/self/ns/ipc'));
    expect((await sh(c.Id, 'readlink /proc/self/ns/pid')).trim()).toBe(await readlink('/proc/self/ns/pid'));
  });

  it('writes hostAliases into the pod /etc/hosts, sets safe sysctls on the sandbox, and applies dnsConfig', async () => {
    await agent.writeManifest('names.yaml', pod(
      'names',
      [
        '  hostAliases: [{ ip: 10.1.2.3, hostnames: [db, db.local] }]',
        '  securityContext:',
        '    sysctls: [{ name: net.ipv4.ip_unprivileged_port_start, value: "80" }, { name: kernel.shm_rmid_forced, value: "1" }]',
        '  dnsPolicy: None',
        '  dnsConfig: { nameservers: [192.0.2.53], searches: [svc.example.com], options: [{ name: ndots, value: "2" }] }',
      ].join('\n'),
      container('app'),
    ));
    await waitForRunning(agent, 'names', SLOW);
    const c = await running(agent, 'names', 'app');
    const hosts = await sh(c.Id, 'cat /etc/hosts');
    expect(hosts).toMatch(/^10\.1\.2\.3\s+db$/m);
    expect(hosts).toMatch(/^10\.1\.2\.3\s+db\.local$/m);
    expect((await sh(c.Id, 'cat /proc/sys/net/ipv4/ip_unprivileged_port_start /proc/sys/kernel/shm_rmid_forced')).split('\n')).toEqual(['80', '1', '']);
    const resolv = await sh(c.Id, 'cat /etc/resolv.conf');
    expect(resolv).toMatch(/^nameserver 192\.0\.2\.53$/m);
    expect(resolv).toMatch(/^search svc\.example\.com$/m);
    expect(resolv).toMatch(/^options ndots:2$/m);
    expect(resolv.match(/^nameserver/gm)).toHaveLength(1);
  });

  it('gives a pod with a subdomain its FQDN in /etc/hosts, and as its hostname under setHostnameAsFQDN', async () => {
    await agent.writeManifest('fqdn.yaml', pod('fqdn', '  hostname: web-0\n  subdomain: web', container('app')));
    await agent.writeManifest('fqdn-kernel.yaml', pod('fqdn-kernel', '  subdomain: web\n  setHostnameAsFQDN: true', container('app')));
    const short = await waitForRunning(agent, 'fqdn', SLOW);
    const c = await running(agent, 'fqdn', 'app');
    expect((await sh(c.Id, 'hostname')).trim()).toBe('web-0');
    const ip = short.status.podIP!.replaceAll('.', '\\.');
    expect(await sh(c.Id, 'cat /etc/hosts')).toMatch(new RegExp(`^${ip}\\s+web-0\\.web\\.default\\.svc\\.cluster\\.local\\s+web-0$`, 'm'));
    await waitForRunning(agent, 'fqdn-kernel', SLOW);
    const k = await running(agent, 'fqdn-kernel', 'app');
    expect((await sh(k.Id, 'hostname')).trim()).toBe('fqdn-kernel.web.default.svc.cluster.local');
  });

  it('refuses an unsafe sysctl when the manifest is read', async () => {
    await agent.writeManifest('unsafe.yaml', pod('unsafe', '  securityContext: { sysctls: [{ name: net.core.somaxconn, value: "1024" }] }', container('app')));
    const out = await agent.waitFor(async () => (await agent.cli(['get', 'pods'])).stderr + (await agent.cli(['get', 'pods'])).stdout, {
      until: (text) => text.includes('net.core.somaxconn'),
      what: 'manifest problem reported',
    });
    expect(out).toContain('forbidden sysctl: "net.core.somaxconn" not allowlisted');
    expect(await getPod(agent, 'unsafe')).toBeUndefined();
  });
});
