/**
 * Services end to end with nothing but manifests, as a user follows the Kubernetes docs: the
 * `myapp-pod` init-container walkthrough with the local busybox image (its init containers wait
 * in `until nslookup …` until the Services are dropped in), then a
 * NodePort Service reached from the host, a headless Service resolving to its pods, and a
 * removed Service losing its name. The registry, the cluster DNS and the rules work together here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, dockerExec, getPod, podContainers, waitForRunning } from './pod-helpers.js';

/**
 * As today's docs write it (the FQDN; the docs read the namespace from the service-account mount,
 * which static pods do not get). The older `until nslookup myservice` needs busybox ≤ 1.28: from
 * 1.29 busybox's nslookup sends the name with every search domain and, since 1.33, exits 1 when any
 * of them is NXDOMAIN (`myservice.cluster.local` always is, here as with CoreDNS), so it never
 * succeeds against a cluster DNS; `resolves the short name through the search list` below checks
 * the search list itself.
 */
const MYAPP_POD = `
apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: ${BUSYBOX}
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: ${BUSYBOX}
    command: ['sh', '-c', "until nslookup myservice.default.svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  - name: init-mydb
    image: ${BUSYBOX}
    command: ['sh', '-c', "until nslookup mydb.default.svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
`;
const service = (name: string, targetPort: number) => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: ${targetPort}
`;

const PAGES = `
apiVersion: v1
kind: Service
metadata: { name: pages }
spec:
  type: NodePort
  selector: { app: pages }
  ports:
  - { name: http, port: 8000, targetPort: web }
---
apiVersion: v1
kind: Service
metadata: { name: pages-headless }
spec:
  clusterIP: None
  selector: { app: pages }
  ports:
  - { name: http, port: 8080 }
---
apiVersion: v1
kind: Pod
metadata: { name: pages, labels: { app: pages } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www && echo served-by-pages > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports: [{ name: web, containerPort: 8080 }]
`;

/** `kubectl get pods`' STATUS column of the pod, from our CLI. */
async function statusColumn(agent: AgentHarness, pod: string): Promise<string | undefined> {
  const out = (await agent.cli(['get', 'pods', pod])).stdout;
  return new RegExp(`^${pod}\\s+\\S+\\s+(\\S+)`, 'm').exec(out)?.[1];
}

/** GET / from inside a pod's container with busybox nc (its wget crashes in this image). */
async function fetchFrom(agent: AgentHarness, pod: string, host: string, port: number): Promise<string> {
  const container = (await podContainers(agent.nodeName, pod)).find((c) => c.Labels['io.kubernetes.container.name'] !== 'POD');
  return dockerExec(container!.Id, ['sh', '-c', `printf 'GET / HTTP/1.0\\r\\nHost: ${host}\\r\\n\\r\\n' | nc -w 3 ${host} ${port}`]);
}

describe('Services on one box, from manifests only (real engine)', { timeout: 300_000 }, () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent();
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('runs the myapp-pod walkthrough: Init:0/2, then Init:1/2 once myservice exists, then Running once mydb does', async () => {
    await agent.writeManifest('myapp.yaml', MYAPP_POD);
    await agent.waitFor(() => statusColumn(agent, 'myapp-pod'), { until: (s) => s === 'Init:0/2', what: 'myapp-pod in Init:0/2' });
    // Nothing resolves the name yet: the first init container keeps waiting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await statusColumn(agent, 'myapp-pod')).toBe('Init:0/2');
    expect((await agent.cli(['logs', 'myapp-pod', '-c', 'init-myservice'])).stdout).toContain('waiting for myservice');

    await agent.writeManifest('myservice.yaml', service('myservice', 9376));
    await agent.waitFor(() => statusColumn(agent, 'myapp-pod'), { until: (s) => s === 'Init:1/2', what: 'myapp-pod in Init:1/2', timeoutMs: 60_000 });
    const myservice = /^myservice\s+ClusterIP\s+(\S+)/m.exec((await agent.cli(['get', 'services'])).stdout)?.[1];
    expect((await agent.cli(['logs', 'myapp-pod', '-c', 'init-myservice'])).stdout).toContain(`Address: ${myservice}`);

    await agent.writeManifest('mydb.yaml', service('mydb', 9377));
    await waitForRunning(agent, 'myapp-pod', 60_000);
    expect((await agent.cli(['logs', 'myapp-pod', '-c', 'myapp-container'])).stdout).toContain('The app is running!');
  });

  it('reaches a pod through its Service name and port from another pod, through the NodePort from the host, and by the headless name', async () => {
    await agent.writeManifest('pages.yaml', PAGES);
    const pages = await waitForRunning(agent, 'pages');
    await agent.writeManifest('client.yaml', `
apiVersion: v1
kind: Pod
metadata: { name: client }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: sh, image: ${BUSYBOX}, command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"] }
`);
    await waitForRunning(agent, 'client');
    await agent.waitFor(async () => (await agent.cli(['get', 'endpoints', 'pages'])).stdout, { until: (out) => out.includes(`${pages.status.podIP}:8080`), what: 'pages in its endpoints' });
    // Port 8000 of the ClusterIP, by name through the search list, to the pod's port named web (8080).
    expect(await agent.waitFor(() => fetchFrom(agent, 'client', 'pages', 8000), { until: (out) => out.includes('served-by-pages'), what: 'the page through pages:8000' })).toContain('200 OK');
    const fqdn = (await dockerExec((await podContainers(agent.nodeName, 'client')).find((c) => c.Labels['io.kubernetes.container.name'] === 'sh')!.Id, ['nslookup', 'pages-headless.default.svc.cluster.local']));
    expect(fqdn).toContain(`Address: ${pages.status.podIP}`);

    // The NodePort, from the host, on the node's address.
    const svc = (await agent.cli(['get', 'services', 'pages', '-o', 'json'])).stdout;
    const nodePort = (JSON.parse(svc) as { spec: { ports: { nodePort: number }[] } }).spec.ports[0]!.nodePort;
    const node = JSON.parse((await agent.cli(['get', 'nodes', '-o', 'json'])).stdout) as { items: { status: { addresses: { type: string; address: string }[] } }[] };
    const hostIP = node.items[0]!.status.addresses.find((a) => a.type === 'InternalIP')!.address;
    const page = await agent.waitFor(async () => (await fetch(`http://${hostIP}:${nodePort}/`, { signal: AbortSignal.timeout(3000) }).then((r) => r.text()).catch(() => '')), {
      until: (text) => text.includes('served-by-pages'), what: `the page through the NodePort ${hostIP}:${nodePort}`,
    });
    expect(page).toContain('served-by-pages');
  });

  it('resolves the short name through the search list (the first search domain answers)', async () => {
    const client = (await podContainers(agent.nodeName, 'client')).find((c) => c.Labels['io.kubernetes.container.name'] === 'sh')!;
    const myservice = /^myservice\s+ClusterIP\s+(\S+)/m.exec((await agent.cli(['get', 'services'])).stdout)?.[1];
    const out = await dockerExec(client.Id, ['nslookup', 'myservice']);
    expect(out).toContain('Name:\tmyservice.default.svc.cluster.local');
    expect(out).toContain(`Address: ${myservice}`);
    expect(out).toContain("server can't find myservice.cluster.local: NXDOMAIN");
  });

  it('forgets a removed Service: its name no longer resolves', async () => {
    await agent.removeManifest('mydb.yaml');
    const client = (await podContainers(agent.nodeName, 'client')).find((c) => c.Labels['io.kubernetes.container.name'] === 'sh')!;
    const answer = await agent.waitFor(() => dockerExec(client.Id, ['sh', '-c', 'nslookup mydb.default.svc.cluster.local; echo rc=$?']), {
      until: (out) => /NXDOMAIN|can't find/.test(out), what: 'mydb gone from the cluster DNS',
    });
    expect(answer).toMatch(/NXDOMAIN|can't find/);
    expect((await getPod(agent, 'myapp-pod'))?.status.phase).toBe('Running');
  });
});
