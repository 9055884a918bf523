import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { inspect } from '../helpers/docker.js';
import { BUSYBOX, dockerExec, getPod, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

const WEB = `
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web }
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: server
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-server > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports:
    - containerPort: 8080
  - name: client
    image: ${BUSYBOX}
    env:
    - { name: TARGET, value: "http://localhost:8080/" }
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do wget -qO- $(TARGET) > /tmp/got 2>&1; sleep 1; done"]
`;

describe('a two-container pod behind its pause container', () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent();
    await agent.writeManifest('web.yaml', WEB);
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('runs both containers joined to the pause container namespaces and shows 2/2 Running', async () => {
    const pod = await waitForRunning(agent, 'web');
    const containers = await podContainers(agent.nodeName, 'web');
    const byName = new Map(containers.map((c) => [c.Labels['io.kubernetes.container.name'], c]));
    expect([...byName.keys()].sort()).toEqual(['POD', 'client', 'server']);
    const pause = (await inspect(byName.get('POD')!.Id))!;
    expect(pause.Config.Image).toBe('minikubelet/pause:3.10');
    expect(pause.HostConfig.IpcMode).toBe('shareable');
    expect(pause.Config.Hostname).toBe('web');
    for (const name of ['server', 'client']) {
      const c = (await inspect(byName.get(name)!.Id))!;
      expect(c.HostConfig.NetworkMode).toBe(`container:${pause.Id}`);
      expect(c.HostConfig.IpcMode).toBe(`container:${pause.Id}`);
      expect(c.HostConfig.RestartPolicy?.Name).toBe('no');
      expect(c.Config.Labels['io.kubernetes.pod.uid']).toBe(pod.metadata.uid);
      expect(c.Name).toBe(`/k8s_${name}_web_default_${pod.metadata.uid}_0`);
    }
    const pauseIP = Object.values(pause.NetworkSettings.Networks)[0]!.IPAddress;
    expect(pod.status.podIP).toBe(pauseIP);

    const table = await agent.cli(['get', 'pods']);
    expect(table.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(table.stdout).toMatch(/\nweb\s+2\/2\s+Running\s+0\s+\S+\n/);
  });

  it('lets the containers talk over localhost, share IPC and carry the pod name as hostname', async () => {
    const containers = await podContainers(agent.nodeName, 'web');
    const client = containers.find((c) => c.Labels['io.kubernetes.container.name'] === 'client')!;
    const server = containers.find((c) => c.Labels['io.kubernetes.container.name'] === 'server')!;
    const got = await agent.waitFor(async () => (await dockerExec(client.Id, ['cat', '/tmp/got'])).trim(), {
      until: (v) => v === 'hello-from-server',
      what: 'the client to fetch the server page over localhost',
    });
    expect(got).toBe('hello-from-server');
    expect((await dockerExec(client.Id, ['hostname'])).trim()).toBe('web');
    const ipcClient = await dockerExec(client.Id, ['readlink', '/proc/self/ns/ipc']);
    const ipcServer = await dockerExec(server.Id, ['readlink', '/proc/self/ns/ipc']);
    expect(ipcClient.trim()).toMatch(/^ipc:\[\d+\]$/);
    expect(ipcClient).toBe(ipcServer);
  });

  it('changes no container when the agent is killed with SIGKILL and started again', async () => {
    const before = (await podContainers(agent.nodeName, 'web')).map((c) => `${c.Id}:${c.State}`).sort();
    await agent.kill();
    agent = await startAgent({ manifestDir: agent.manifestDir, rootDir: agent.rootDir, nodeName: agent.nodeName });
    const pod = await waitForRunning(agent, 'web');
    // Let a relist and the event stream settle, then compare.
    await new Promise((r) => setTimeout(r, 2000));
    const after = (await podContainers(agent.nodeName, 'web')).map((c) => `${c.Id}:${c.State}`).sort();
    expect(after).toEqual(before);
    expect(pod.status.containerStatuses.map((s) => s.restartCount)).toEqual([0, 0]);
  });

  it('does nothing when the same content is written again', async () => {
    const before = (await podContainers(agent.nodeName, 'web')).map((c) => c.Id).sort();
    await agent.writeManifest('web.yaml', WEB);
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await podContainers(agent.nodeName, 'web')).map((c) => c.Id).sort();
    expect(after).toEqual(before);
  });

  it('replaces the pod when its manifest changes: old containers go, new ones carry the new spec', async () => {
    const old = (await getPod(agent, 'web'))!;
    const oldIds = (await podContainers(agent.nodeName, 'web')).map((c) => c.Id);
    await agent.writeManifest('web.yaml', WEB.replace('http://localhost:8080/', 'http://127.0.0.1:8080/'));
    const pod = await agent.waitFor(
      async () => {
        const p = await getPod(agent, 'web');
        return p && p.metadata.uid !== old.metadata.uid && p.status.phase === 'Running' && p.status.containerStatuses.every((s) => s.ready) ? p : undefined;
      },
      { timeoutMs: 60_000, what: 'the edited pod to run under a new UID' },
    );
    const containers = await podContainers(agent.nodeName, 'web');
    expect(containers.some((c) => oldIds.includes(c.Id))).toBe(false);
    expect(new Set(containers.map((c) => c.Labels['io.kubernetes.pod.uid']))).toEqual(new Set([pod.metadata.uid]));
    const client = containers.find((c) => c.Labels['io.kubernetes.container.name'] === 'client')!;
    expect((await inspect(client.Id))!.Config.Env).toContain('TARGET=http://127.0.0.1:8080/');
  });

  it('stops and removes every container of the pod when its file is removed', async () => {
    await agent.removeManifest('web.yaml');
    await agent.waitFor(async () => (await podContainers(agent.nodeName, 'web')).length === 0, {
      timeoutMs: 30_000,
      what: 'all containers of web to be removed',
    });
    await agent.waitFor(async () => (await getPod(agent, 'web')) === undefined, { what: 'web to leave get pods' });
  });

  it('runs a pod whose name is longer than a hostname, cutting only the hostname to 63 characters', async () => {
    const name = `${'a'.repeat(62)}-${'b'.repeat(40)}`;
    await agent.writeManifest('long.yaml', runForeverPod(name));
    await waitForRunning(agent, name);
    const main = (await podContainers(agent.nodeName, name)).find((c) => c.Labels['io.kubernetes.container.name'] === 'main')!;
    expect((await dockerExec(main.Id, ['hostname'])).trim()).toBe('a'.repeat(62));
    expect((await agent.cli(['get', 'pods'])).stdout).toContain(name);
    await agent.removeManifest('long.yaml');
  });
});
