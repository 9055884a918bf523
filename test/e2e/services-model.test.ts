import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEndpoints, ApiService } from '../../src/services/api-service.js';
import { derivedServiceRange } from '../../src/services/derived-service-range.js';
import { cidrAddress } from '../../src/shared/ipv4-cidr.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient } from '../helpers/docker.js';
import { BUSYBOX, getPod, podContainers, waitForRunning } from './pod-helpers.js';

/** A backend: ready while /tmp/ready exists, with a container port named `http` (8080). */
const backend = (name: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: web}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "touch /tmp/ready; trap 'exit 0' TERM; while true; do sleep 1; done"]
    ports: [{name: http, containerPort: 8080}]
    readinessProbe:
      exec: {command: ["test", "-f", "/tmp/ready"]}
      periodSeconds: 1
      failureThreshold: 1
`;

const SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: http
`;

const client = (name: string, links: boolean) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  enableServiceLinks: ${links}
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`;

const BAD = `
apiVersion: v1
kind: Service
metadata:
  name: balancer
spec:
  type: LoadBalancer
  ports: [{port: 80}]
`;
const OUT_OF_RANGE = `
apiVersion: v1
kind: Service
metadata:
  name: pinned
spec:
  clusterIP: 192.168.250.9
  ports: [{port: 80}]
`;

async function cliJson<T>(agent: AgentHarness, args: string[]): Promise<T> {
  const result = await agent.cli([...args, '-o', 'json']);
  if (result.code !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const readyIPs = (ep: ApiEndpoints) => (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => `${a.ip}:${s.ports[0]?.port}`)).sort();
const notReadyIPs = (ep: ApiEndpoints) => (ep.subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip));

describe('Services: the model (documents, endpoints, addresses, env)', { timeout: 240_000 }, () => {
  let agent: AgentHarness;
  let manifestDir: string;
  let rootDir: string;
  const nodeName = `e2e-svc-${randomBytes(4).toString('hex')}`;
  let clusterIP = '';

  beforeAll(async () => {
    manifestDir = await mkdtemp(join(tmpdir(), 'minikubelet-svc-manifests-'));
    rootDir = await mkdtemp(join(tmpdir(), 'minikubelet-svc-root-'));
    agent = await startAgent({ manifestDir, rootDir, nodeName });
  });
  afterAll(async () => {
    await agent?.cleanup();
    await rm(manifestDir, { recursive: true, force: true });
    await rm(rootDir, { recursive: true, force: true });
  });

  const endpointsOf = (ips: (ep: ApiEndpoints) => string[], what: string, until: (list: string[]) => boolean) =>
    agent.waitFor(async () => ips(await cliJson<ApiEndpoints>(agent, ['get', 'endpoints', 'web'])), { until, what, timeoutMs: 60_000 });

  it('lists the Service with its ClusterIP and the ready pods as its endpoints, targetPort resolved by name', async () => {
    await agent.writeManifest('backends.yaml', `${backend('web-a')}---${backend('web-b')}`);
    await agent.writeManifest('service.yaml', SERVICE);
    const [a, b] = await Promise.all([waitForRunning(agent, 'web-a', 90_000), waitForRunning(agent, 'web-b', 90_000)]);
    const services = await agent.cli(['get', 'services']);
    const row = /^web\s+ClusterIP\s+(10\.\d+\.\d+\.\d+)\s+<none>\s+80\/TCP\s+\S+$/m.exec(services.stdout);
    expect(row, services.stdout).not.toBeNull();
    clusterIP = row![1]!;
    const service = await cliJson<ApiService>(agent, ['get', 'svc', 'web']);
    expect(service.spec).toMatchObject({ clusterIP, clusterIPs: [clusterIP], type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] });
    const expected = [`${a.status.podIP}:8080`, `${b.status.podIP}:8080`].sort();
    await endpointsOf(readyIPs, 'both backends in the endpoints', (list) => list.join() === expected.join());
    expect((await agent.cli(['get', 'ep'])).stdout).toMatch(/^web\s+\d+\.\d+\.\d+\.\d+:8080,\d+\.\d+\.\d+\.\d+:8080\s+\S+$/m);
    const described = (await agent.cli(['describe', 'svc', 'web'])).stdout;
    expect(described).toMatch(new RegExp(`^IP: +${clusterIP.replaceAll('.', '\\.')}$`, 'm'));
    expect(described).toMatch(/^TargetPort: +http\/TCP$/m);
    for (const backend of expected) expect(described).toContain(backend);
  });

  it('takes a pod out of the endpoints while its readiness probe fails, and puts it back', async () => {
    const a = (await getPod(agent, 'web-a'))!;
    expect((await agent.cli(['exec', 'web-a', '--', 'rm', '/tmp/ready'])).code).toBe(0);
    await endpointsOf(notReadyIPs, 'web-a under notReadyAddresses', (list) => list.includes(a.status.podIP!));
    expect(readyIPs(await cliJson<ApiEndpoints>(agent, ['get', 'endpoints', 'web']))).not.toContain(`${a.status.podIP}:8080`);
    expect((await agent.cli(['exec', 'web-a', '--', 'touch', '/tmp/ready'])).code).toBe(0);
    await endpointsOf(readyIPs, 'web-a ready again', (list) => list.includes(`${a.status.podIP}:8080`));
  });

  it('follows a pod restart: the endpoints hold the IP of the new sandbox', async () => {
    const before = (await getPod(agent, 'web-b'))!;
    const pause = (await podContainers(nodeName, 'web-b')).find((c) => c.Labels['io.kubernetes.container.name'] === 'POD' && c.State === 'running')!;
    await dockerClient().getContainer(pause.Id).kill();
    const after = await agent.waitFor(() => getPod(agent, 'web-b'), {
      until: (p) => p?.status.containerStatuses[0]?.ready === true && p.status.containerStatuses[0].restartCount > before.status.containerStatuses[0]!.restartCount,
      what: 'web-b ready in a new sandbox', timeoutMs: 90_000,
    });
    await endpointsOf(readyIPs, 'the new IP of web-b', (list) => list.includes(`${after!.status.podIP}:8080`) && list.length === 2);
  });

  it('gives a container created after the Service its variables, none with enableServiceLinks: false', async () => {
    await agent.writeManifest('clients.yaml', `${client('linked', true)}---${client('unlinked', false)}`);
    await Promise.all([waitForRunning(agent, 'linked', 90_000), waitForRunning(agent, 'unlinked', 90_000)]);
    const env = (await agent.cli(['exec', 'linked', '--', 'env'])).stdout;
    expect(env).toContain(`WEB_SERVICE_HOST=${clusterIP}\n`);
    expect(env).toContain('WEB_SERVICE_PORT=80\n');
    expect(env).toContain('WEB_SERVICE_PORT_HTTP=80\n');
    expect(env).toContain(`WEB_PORT=tcp://${clusterIP}:80\n`);
    expect(env).toContain(`WEB_PORT_80_TCP_ADDR=${clusterIP}\n`);
    expect((await agent.cli(['exec', 'unlinked', '--', 'env'])).stdout).not.toContain('WEB_');
  });

  it('reports bad Service documents under get pods and in validate, with file, document and field', async () => {
    const bad = await agent.writeManifest('bad-service.yaml', `${BAD}---${OUT_OF_RANGE}`);
    const problems = await agent.waitFor(async () => (await agent.cli(['get', 'pods'])).stderr, {
      until: (err) => err.includes('type LoadBalancer is not supported'), what: 'the LoadBalancer refusal under get pods',
    });
    expect(problems).toContain('bad-service.yaml');
    expect(problems).toContain('spec.type');
    const validate = await agent.cli(['validate', bad]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('spec.type: type LoadBalancer is not supported');
    // A document that decodes but asks for an address outside the range: the allocator's refusal.
    await agent.writeManifest('bad-service.yaml', OUT_OF_RANGE);
    const refused = await agent.waitFor(async () => (await agent.cli(['get', 'pods'])).stderr, {
      until: (err) => err.includes('failed to allocate IP 192.168.250.9'), what: 'the allocation refusal under get pods',
    });
    expect(refused).toMatch(/bad-service\.yaml.*spec\.clusterIP/);
    expect((await agent.cli(['get', 'svc', 'pinned'])).code).not.toBe(0);
  });

  it('keeps the ClusterIP across an agent restart (service-ips.json)', async () => {
    // An address asked for once, then no longer asked for: only the record can give it back after a restart.
    const moved = (ip: string, port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: moved}\nspec:\n  ${ip ? `clusterIP: ${ip}\n  ` : ''}ports: [{port: ${port}}]\n`;
    const movedSpec = () => cliJson<ApiService>(agent, ['get', 'svc', 'moved']).then((s) => `${s.spec.clusterIP} ${s.spec.ports?.[0]?.port}`);
    // An address of this agent's own range (the harness gives each agent one, derived from its node name).
    const asked = cidrAddress(derivedServiceRange(agent.nodeName), 55)!;
    await agent.writeManifest('moved.yaml', moved(asked, 81));
    await agent.waitFor(movedSpec, { until: (spec) => spec === `${asked} 81`, what: `moved at ${asked}` });
    await agent.writeManifest('moved.yaml', moved('', 82));
    await agent.waitFor(movedSpec, { until: (spec) => spec.endsWith(' 82'), what: 'the edit of moved' });
    expect(await movedSpec()).toBe(`${asked} 82`);
    const record = JSON.parse(await readFile(join(rootDir, 'service-ips.json'), 'utf8')) as { services: Record<string, { clusterIP: string }> };
    expect(record.services['default/web']?.clusterIP).toBe(clusterIP);
    await agent.stop();
    agent = await startAgent({ manifestDir, rootDir, nodeName });
    const service = await agent.waitFor(() => cliJson<ApiService>(agent, ['get', 'svc', 'web']), { what: 'the web Service after the restart', timeoutMs: 60_000 });
    expect(service.spec.clusterIP).toBe(clusterIP);
    expect(await movedSpec()).toBe(`${asked} 82`);
  });
});
