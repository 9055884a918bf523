import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { type AddressInfo, type Server, Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decode, encode } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedServiceRange } from '../../src/services/derived-service-range.js';
import type { ServicesViewJson } from '../../src/services/file-view-source.js';
import { chainPrefix, serviceChain, serviceInterfaceName } from '../../src/services/service-network-names.js';
import { cidrAddress } from '../../src/shared/ipv4-cidr.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, getPod, waitForRunning } from './pod-helpers.js';

const run = promisify(execFile);
const nodeName = `e2e-svc-${randomBytes(4).toString('hex')}`;
const range = derivedServiceRange(nodeName);
const CLUSTER_DNS = cidrAddress(range, 10)!;
const WEB_IP = cidrAddress(range, 20)!;
const GONE_IP = cidrAddress(range, 30)!;
const NODE_PORT = 31000 + randomInt(700);
// A resolver of "the host's" on loopback, as systemd-resolved's 127.0.0.53: pods cannot reach it, the agent can.
const UPSTREAM = `127.${randomInt(1, 250)}.${randomInt(1, 250)}.53`;
const EXTERNAL_ANSWER = '192.0.2.123';

const backend = (name: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, labels: { app: web } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www && echo ${name} > /www/index.html && exec httpd -f -p 8080 -h /www"]
  - name: echo
    image: ${BUSYBOX}
    command: ["nc", "-ll", "-p", "9000", "-e", "cat"]
`;
const CLIENT = `
apiVersion: v1
kind: Pod
metadata: { name: client }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: sh
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`;

describe('the Services data path: cluster DNS, ClusterIPs and NodePorts on the real engine', () => {
  let dir: string;
  let viewFile: string;
  let resolvConf: string;
  let upstream: UdpSocket;
  let agent: AgentHarness;
  const ips: Record<string, string> = {};
  const env = () => ({ MINIKUBELET_TEST_SERVICES_VIEW: viewFile });
  const args = () => ['--resolv-conf', resolvConf, '--service-cluster-ip-range', range.text, '--relist-seconds', '2'];

  const writeView = async (services: ServicesViewJson['services']) => {
    const temp = `${viewFile}.tmp`;
    await writeFile(temp, JSON.stringify({ services, pods: Object.entries(ips).map(([name, ip]) => ({ namespace: 'default', name, ip })) } satisfies ServicesViewJson));
    await rename(temp, viewFile);
  };
  const endpoints = (port: string, target: number, names = ['web-a', 'web-b']) => names.map((n) => ({ ip: ips[n]!, ready: true, ports: { [port]: target }, podRef: `default/${n}` }));
  const web = () => ({
    namespace: 'default', name: 'web', type: 'NodePort' as const, clusterIP: WEB_IP, sessionAffinity: 'None' as const, sessionAffinityTimeoutSeconds: 10800, publishNotReadyAddresses: false,
    ports: [{ name: 'http', protocol: 'TCP' as const, port: 80, nodePort: NODE_PORT }, { name: 'echo', protocol: 'TCP' as const, port: 9000 }],
    endpoints: endpoints('http', 8080).map((e) => ({ ...e, ports: { http: 8080, echo: 9000 } })),
  });
  const headless = () => ({ ...web(), name: 'db', type: 'ClusterIP' as const, clusterIP: 'None', ports: [{ name: 'http', protocol: 'TCP' as const, port: 80 }], endpoints: endpoints('http', 8080) });
  const gone = () => ({ ...web(), name: 'gone', type: 'ClusterIP' as const, clusterIP: GONE_IP, ports: [{ name: 'http', protocol: 'TCP' as const, port: 80 }], endpoints: endpoints('http', 8080, ['web-a']) });
  const exec = async (cmd: string) => {
    const result = await agent.cli(['exec', 'client', '--', 'sh', '-c', cmd]);
    return `${result.stdout}${result.stderr}`;
  };
  const natRules = async () => (await run('iptables-save', ['-t', 'nat'])).stdout;
  const interfaceAddresses = async () => (await run('ip', ['-4', '-o', 'addr', 'show', 'dev', serviceInterfaceName(nodeName)])).stdout;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'minikubelet-svc-'));
    viewFile = join(dir, 'view.json');
    resolvConf = join(dir, 'resolv.conf');
    await writeFile(resolvConf, `nameserver ${UPSTREAM}\nsearch corp.test\n`);
    upstream = await startUpstream(UPSTREAM);
    agent = await startAgent({ nodeName, env: env(), extraArgs: args() });
    for (const name of ['web-a', 'web-b']) await agent.writeManifest(`${name}.yaml`, backend(name));
    await agent.writeManifest('client.yaml', CLIENT);
    for (const name of ['web-a', 'web-b', 'client']) ips[name] = (await waitForRunning(agent, name, 90_000)).status.podIP!;
    await writeView([web(), headless(), gone()]);
    await agent.waitFor(async () => (await natRules()).includes(serviceChain(chainPrefix(nodeName), 'default/gone:http', 'TCP')), { what: 'the rules of the view' });
  }, 180_000);

  afterAll(async () => {
    await agent?.cleanup();
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives a ClusterFirst pod the cluster DNS, the kubelet\'s search list then the host\'s, and ndots:5', async () => {
    const resolv = await exec('cat /etc/resolv.conf');
    expect(resolv).toContain(`nameserver ${CLUSTER_DNS}`);
    expect(resolv).toMatch(/search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local corp\.test/);
    expect(resolv).toContain('options ndots:5');
    expect(resolv).not.toContain(UPSTREAM);
  });

  it('resolves a Service by its short name through the search list, a headless one to its pods, and forwards other names', async () => {
    expect(await exec('nslookup web')).toContain(`Address: ${WEB_IP}`);
    const db = await exec('nslookup db');
    expect(db).toContain(`Address: ${ips['web-a']}`);
    expect(db).toContain(`Address: ${ips['web-b']}`);
    expect(await exec('nslookup nosuch.default.svc.cluster.local')).toMatch(/NXDOMAIN/);
    expect(await exec('nslookup external.test.')).toContain(`Address: ${EXTERNAL_ANSWER}`);
  }, 60_000);

  // HTTP by hand with nc: the busybox-static image's wget crashes (exit 139) on every fetch here.
  it('spreads a pod\'s requests to the ClusterIP over both backends, on their targetPort', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30 && seen.size < 2; i++) seen.add((await exec(httpGet(WEB_IP, 80))).trim().split('\n').at(-1)!.trim());
    expect([...seen].sort()).toEqual(['web-a', 'web-b']);
  }, 120_000);

  it('lets a backend reach its own Service (hairpin, masqueraded) and keeps a ClientIP-affine client on one backend', async () => {
    const fromBackend = new Set<string>();
    for (let i = 0; i < 30 && fromBackend.size < 2; i++) {
      const result = await agent.cli(['exec', 'web-a', '-c', 'httpd', '--', 'sh', '-c', httpGet(WEB_IP, 80)]);
      fromBackend.add(result.stdout.trim().split('\n').at(-1)!.trim());
    }
    expect([...fromBackend].sort()).toEqual(['web-a', 'web-b']);

    await writeView([{ ...web(), sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60 }, headless(), gone()]);
    await agent.waitFor(async () => (await natRules()).includes('--rcheck --seconds 60'), { what: 'the affinity rules' });
    const sticky = new Set<string>();
    for (let i = 0; i < 10; i++) sticky.add((await exec(httpGet(WEB_IP, 80))).trim().split('\n').at(-1)!.trim());
    expect(sticky.size).toBe(1);
    await writeView([web(), headless(), gone()]);
    await agent.waitFor(async () => !(await natRules()).includes('--rcheck'), { what: 'the affinity rules removed' });
  }, 120_000);

  it('answers the NodePort from the host, on its own address', async () => {
    const hostIP = (await getPod(agent, 'client'))!.status.hostIP!;
    const body = await fetch(`http://${hostIP}:${NODE_PORT}/`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text());
    expect(['web-a', 'web-b']).toContain(body.trim());
  });

  it('keeps the rules and an open connection across an agent restart, and drops the rules of a Service removed meanwhile', async () => {
    const socket = await openEcho(WEB_IP, 9000);
    expect(await roundTrip(socket, 'before\n')).toBe('before\n');
    await agent.stop('SIGTERM');
    await writeView([web(), headless()]);
    expect(await natRules()).toContain(serviceChain(chainPrefix(nodeName), 'default/gone:http', 'TCP'));
    expect(await roundTrip(socket, 'while-down\n')).toBe('while-down\n');
    agent = await startAgent({ nodeName, manifestDir: agent.manifestDir, rootDir: agent.rootDir, env: env(), extraArgs: args() });
    await agent.waitFor(async () => !(await natRules()).includes(serviceChain(chainPrefix(nodeName), 'default/gone:http', 'TCP')), { what: 'the stale Service chain removed' });
    expect(await interfaceAddresses()).not.toContain(`${GONE_IP}/32`);
    expect(await roundTrip(socket, 'after\n')).toBe('after\n');
    socket.destroy();
    expect(await exec('nslookup gone')).toMatch(/NXDOMAIN|can't find/);
  }, 120_000);

  it('removes a Service\'s rules, address and name when it leaves the view', async () => {
    await writeView([headless()]);
    await agent.waitFor(async () => !(await natRules()).includes(serviceChain(chainPrefix(nodeName), 'default/web:http', 'TCP')), { what: 'the web Service chain removed' });
    expect(await interfaceAddresses()).not.toContain(`${WEB_IP}/32`);
    expect(await interfaceAddresses()).toContain(`${CLUSTER_DNS}/32`);
    expect(await exec('nslookup web')).toMatch(/NXDOMAIN|can't find/);
    // The range is routed into the agent's interface: a removed ClusterIP leads nowhere, never off the machine.
    expect(await exec(`${httpGet(WEB_IP, 80)} || echo unreachable`)).toContain('unreachable');
    expect((await run('ip', ['-4', 'route', 'get', WEB_IP])).stdout).toContain(`dev ${serviceInterfaceName(nodeName)}`);
  }, 60_000);
});

describe('the Service range checks at start', () => {
  const refused = async (extraArgs: string[]) => {
    const other = await startAgent({ waitReady: false, extraArgs });
    try {
      const exit = await other.waitFor(() => other.exitStatus, { timeoutMs: 60_000, what: 'the agent to refuse to start' });
      return { code: exit.code, logs: other.logs() };
    } finally {
      await other.cleanup();
    }
  };

  it('refuses a range overlapping another running agent\'s, naming that agent', async () => {
    const first = await startAgent();
    try {
      const { code, logs } = await refused(['--service-cluster-ip-range', derivedServiceRange(first.nodeName).text]);
      expect(code).toBe(1);
      expect(logs).toContain(`the Service range of the agent of node "${first.nodeName}" on this machine`);
      expect(first.running).toBe(true);
    } finally {
      await first.cleanup();
    }
  }, 120_000);

  it('refuses a range overlapping the pods\' network', async () => {
    const { code, logs } = await refused(['--service-cluster-ip-range', '172.16.0.0/12']);
    expect(code).toBe(1);
    expect(logs).toMatch(/--service-cluster-ip-range 172\.16\.0\.0\/12 overlaps the pods' network 172\.\d+\.\d+\.\d+\/\d+ \(Docker's bridge network\)/);
  }, 120_000);
});

describe('where iptables is missing', () => {
  let agent: AgentHarness | undefined;
  let dir: string;
  let backend: Server;
  let udpBackend: UdpSocket;
  afterAll(async () => {
    await agent?.cleanup();
    backend?.close();
    udpBackend?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says so in the node status and carries ClusterIP TCP connections and UDP datagrams through the agent\'s userspace proxy', async () => {
    dir = await mkdtemp(join(tmpdir(), 'minikubelet-svc-noipt-'));
    // A PATH with `ip` and without the iptables tools.
    await mkdir(join(dir, 'bin'));
    await symlink((await run('sh', ['-c', 'command -v ip'])).stdout.trim(), join(dir, 'bin', 'ip'));
    backend = createServer((socket) => socket.end('from-backend\n'));
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', () => resolve()));
    const backendPort = (backend.address() as AddressInfo).port;
    udpBackend = createSocket('udp4');
    udpBackend.on('message', (message, peer) => udpBackend.send(Buffer.concat([Buffer.from('echo:'), message]), peer.port, peer.address));
    await new Promise<void>((resolve) => udpBackend.bind(0, '127.0.0.1', () => resolve()));
    const udpPort = udpBackend.address().port;
    const name = `e2e-svc-${randomBytes(4).toString('hex')}`;
    const vip = cidrAddress(derivedServiceRange(name), 20)!;
    const viewFile = join(dir, 'view.json');
    const view: ServicesViewJson = {
      pods: [],
      services: [{
        namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: vip, sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, publishNotReadyAddresses: false,
        ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { name: 'echo', protocol: 'UDP', port: 5353 }],
        endpoints: [{ ip: '127.0.0.1', ready: true, ports: { http: backendPort, echo: udpPort } }],
      }],
    };
    await writeFile(viewFile, JSON.stringify(view));
    agent = await startAgent({ nodeName: name, env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, MINIKUBELET_TEST_SERVICES_VIEW: viewFile } });
    const condition = await agent.waitFor(async () => {
      const node = JSON.parse(await apiGet(join(agent!.rootDir, 'minikubelet.sock'), `/api/v1/nodes/${name}`)) as { status: { conditions: { type: string; status: string; message: string }[] } };
      return node.status.conditions.find((c) => c.type === 'ServiceNetworkUnavailable');
    }, { what: 'the ServiceNetworkUnavailable condition' });
    expect(condition).toMatchObject({ status: 'True', message: expect.stringContaining("iptables is unavailable, Services go through the agent's userspace proxy") as string });
    expect(agent.logs()).toContain('iptables is unavailable');
    const body = await agent.waitFor(() => new Promise<string>((resolve, reject) => {
      const socket = connect({ host: vip, port: 80 });
      let got = '';
      socket.on('data', (chunk: Buffer) => (got += chunk.toString()));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    }), { what: 'an answer through the userspace proxy' });
    expect(body).toBe('from-backend\n');
    const client = createSocket('udp4');
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no UDP reply through the userspace proxy in 5 s')), 5000);
        client.on('message', (message) => {
          clearTimeout(timer);
          resolve(message.toString());
        });
        client.send('ping', 5353, vip);
      });
      expect(reply).toBe('echo:ping');
    } finally {
      client.close();
    }
  }, 120_000);
});

/** GET on the agent's API socket, the body. */
function apiGet(socketPath: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A shell command printing the response to `GET /` from host:port (busybox nc). */
function httpGet(host: string, port: number): string {
  return `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${host} ${port}`;
}

/** A resolver on a loopback address that answers `external.test` with one A record and everything else NXDOMAIN. */
async function startUpstream(address: string): Promise<UdpSocket> {
  const socket = createSocket('udp4');
  socket.on('message', (message, peer) => {
    const query = decode(message);
    const question = query.questions?.[0];
    const known = question?.name.toLowerCase() === 'external.test' && question.type === 'A';
    const reply = encode({
      type: 'response', id: query.id ?? 0, flags: known ? 0x0180 : 0x0183, questions: query.questions ?? [],
      answers: known ? [{ type: 'A', name: question.name, ttl: 30, data: EXTERNAL_ANSWER }] : [],
    });
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(53, address, () => resolve()));
  return socket;
}

function openEcho(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no echo of ${JSON.stringify(text)} in 5 s`)), 5000);
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString());
    });
    socket.write(text);
  });
}
