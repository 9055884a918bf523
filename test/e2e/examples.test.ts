import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiPod } from '../../src/api/api-pod.js';
import { type AgentHarness, REPO_ROOT, startAgent } from '../helpers/agent-harness.js';
import { getPod, waitForRunning } from './pod-helpers.js';

const EXAMPLES = join(REPO_ROOT, 'deploy/examples');

/** A busy engine starts five pods at once slowly: the first check waits for all of them. */
const START_TIMEOUT_MS = 150_000;

/** What `npm run up` shows: every example in deploy/examples reaches the state its comments promise. */
describe('deploy/examples', { timeout: 200_000 }, () => {
  let agent: AgentHarness;
  let manifestDir: string;

  beforeAll(async () => {
    manifestDir = await mkdtemp(join(tmpdir(), 'minikubelet-examples-'));
    await cp(EXAMPLES, manifestDir, { recursive: true });
    agent = await startAgent({ manifestDir });
  });
  afterAll(async () => {
    await agent?.cleanup();
    await rm(manifestDir, { recursive: true, force: true });
  });

  it('has a check below for each example file', async () => {
    expect((await readdir(EXAMPLES)).sort()).toEqual(['config-and-downward.yaml', 'hello.yaml', 'init-gate.yaml', 'probes.yaml', 'resources.yaml', 'service-stack.yaml', 'sidecar.yaml', 'web.yaml']);
  });

  it('hello: greets, then keeps running', async () => {
    await waitForRunning(agent, 'hello', START_TIMEOUT_MS);
    await agent.waitFor(async () => (await agent.cli(['logs', 'hello'])).stdout, {
      until: (out) => out.includes('Hello from minikubelet: pod hello, working in /tmp'),
      what: 'the greeting in the logs of hello',
    });
  });

  it('web: the sidecar fetches the page httpd serves from the shared emptyDir over the pod localhost', async () => {
    await waitForRunning(agent, 'web', START_TIMEOUT_MS);
    await agent.waitFor(async () => (await agent.cli(['logs', 'web', '-c', 'sidecar'])).stdout, {
      until: (out) => out.includes('hello from pod web, served by busybox httpd'),
      what: 'the page in the logs of web/sidecar',
    });
  });

  it('init-gate: both init containers complete in order, then the app starts with their configuration', async () => {
    const pod = await waitForRunning(agent, 'init-gate', START_TIMEOUT_MS);
    expect(pod.status.initContainerStatuses.map((s) => [s.name, s.state.terminated?.reason])).toEqual([
      ['fetch-config', 'Completed'],
      ['check-config', 'Completed'],
    ]);
    await agent.waitFor(async () => (await agent.cli(['logs', 'init-gate'])).stdout, {
      until: (out) => out.includes('app started: hello from the init container'),
      what: 'the app of init-gate reading the configuration',
    });
  });

  it('config-demo: prints env from the downward API, a ConfigMap and a Secret, and the files of its three volumes', async () => {
    await waitForRunning(agent, 'config-demo', START_TIMEOUT_MS);
    const logs = await agent.waitFor(async () => (await agent.cli(['logs', 'config-demo'])).stdout, {
      until: (out) => out.includes('labels:'),
      what: 'the report of config-demo',
    });
    expect(logs).toMatch(/^pod config-demo at \d+\.\d+\.\d+\.\d+, memory limit 64Mi$/m);
    expect(logs).toContain('env: GREETING=hello from a ConfigMap DB_USER=demo CFG_log.level=debug');
    expect(logs).toContain('config file: hello from a ConfigMap');
    expect(logs).toContain('secret file: demo, mode 400');
    expect(logs).toContain('labels:\napp="config-demo"\ntier="example"');
  });

  it('limited: requests equal to limits make it Guaranteed', async () => {
    const pod = await waitForRunning(agent, 'limited', START_TIMEOUT_MS);
    expect(pod.status.qosClass).toBe('Guaranteed');
  });

  it('probed: Ready once the startup probe passes and while /ready is served', async () => {
    const pod: ApiPod = await waitForRunning(agent, 'probed', START_TIMEOUT_MS);
    expect(pod.status.containerStatuses[0]).toMatchObject({ ready: true, started: true });
    expect(pod.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    // Not ready while /ready is gone, ready again when it is back (readinessProbe, httpGet).
    expect((await agent.cli(['exec', 'probed', '--', 'rm', '/www/ready'])).code).toBe(0);
    await agent.waitFor(() => getPod(agent, 'probed'), { until: (p) => p?.status.containerStatuses[0]?.ready === false, what: 'probed not ready' });
    expect((await agent.cli(['exec', 'probed', '--', 'sh', '-c', 'echo ok > /www/ready'])).code).toBe(0);
    await agent.waitFor(() => getPod(agent, 'probed'), { until: (p) => p?.status.containerStatuses[0]?.ready === true, what: 'probed ready again' });
  });

  it('service-stack: the Service web lists web-backend on its named port; web-client has its variables', async () => {
    const backend = await waitForRunning(agent, 'web-backend', START_TIMEOUT_MS);
    await waitForRunning(agent, 'web-client', START_TIMEOUT_MS);
    const services = (await agent.cli(['get', 'services'])).stdout;
    const clusterIP = /^web\s+ClusterIP\s+(\S+)\s+<none>\s+80\/TCP/m.exec(services)?.[1];
    expect(clusterIP, services).toBeDefined();
    await agent.waitFor(async () => (await agent.cli(['get', 'endpoints', 'web'])).stdout, {
      until: (out) => out.includes(`${backend.status.podIP}:8080`),
      what: 'web-backend in the endpoints of web',
    });
    expect((await agent.cli(['logs', 'web-client'])).stdout).toContain(`web Service at ${clusterIP}:80`);
    // GET http://web/: the cluster DNS names the ClusterIP, the rules take port 80 to the backend's 8080.
    await agent.waitFor(async () => (await agent.cli(['logs', 'web-client'])).stdout, {
      until: (out) => out.includes('hello from web-backend through the web Service'),
      what: 'the backend page in the logs of web-client, fetched through the web Service',
    });
  });

  it('tailed: the sidecar starts first, runs beside the app and shows the lines the app writes', async () => {
    const pod = await waitForRunning(agent, 'tailed', START_TIMEOUT_MS);
    expect(pod.status.initContainerStatuses[0]).toMatchObject({ name: 'tailer', started: true, ready: true });
    expect((await agent.cli(['get', 'pods', 'tailed'])).stdout).toMatch(/tailed\s+2\/2\s+Running/);
    await agent.waitFor(async () => (await agent.cli(['logs', 'tailed', '-c', 'tailer'])).stdout, {
      until: (out) => out.includes('app: tick'),
      what: 'the app lines in the logs of tailed/tailer',
    });
  });
});
