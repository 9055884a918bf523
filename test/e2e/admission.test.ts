import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { getPod, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

/** A run-forever pod with `spec` keys (indented two) and `main` container keys (indented four) added. */
function pod(name: string, spec = '', container = ''): string {
  return runForeverPod(name, container + spec);
}

async function refusal(agent: AgentHarness, name: string): Promise<{ reason: string | undefined; message: string | undefined }> {
  const p = await agent.waitFor(() => getPod(agent, name), { until: (x) => x?.status.phase === 'Failed', what: `${name} refused` });
  expect((await podContainers(agent.nodeName, name)).length).toBe(0);
  return { reason: p!.status.reason, message: p!.status.message };
}

describe('node admission', () => {
  const agents: AgentHarness[] = [];
  afterAll(async () => {
    for (const a of agents) await a.cleanup();
  });
  async function agentWith(args: string[], from?: AgentHarness): Promise<AgentHarness> {
    const a = await startAgent({ extraArgs: args, ...(from ? { manifestDir: from.manifestDir, rootDir: from.rootDir, nodeName: from.nodeName } : {}) });
    agents.push(a);
    return a;
  }

  it('refuses a pod whose nodeSelector the node lacks, and admits it once the agent has the label', async () => {
    const first = await agentWith([]);
    await first.writeManifest('gpu.yaml', pod('gpu', '  nodeSelector:\n    accelerator: gpu\n'));
    expect(await refusal(first, 'gpu')).toEqual({ reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
    expect((await first.cli(['get', 'pods'])).stdout).toMatch(/gpu\s+0\/1\s+NodeAffinity\s+0/);
    expect((await first.cli(['describe', 'pod', 'gpu'])).stdout).toMatch(/Warning\s+NodeAffinity/);
    await first.stop();
    const second = await agentWith(['--node-labels', 'accelerator=gpu,zone=lab'], first);
    await waitForRunning(second, 'gpu');
    const node = (await second.cli(['get', 'nodes', '-o', 'json'])).stdout;
    expect(JSON.parse(node).items[0].metadata.labels).toMatchObject({ accelerator: 'gpu', zone: 'lab', 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': second.nodeName });
    await second.removeManifest('gpu.yaml');
  });

  it('refuses the second of two pods on the same hostPort, and admits it after the first goes and its file is touched', async () => {
    const a = await agentWith(['--relist-seconds', '2']);
    const port = 20000 + (process.pid % 20000);
    const ports = `    ports:\n    - { containerPort: 80, hostPort: ${port} }\n`;
    await a.writeManifest('a-first.yaml', pod('first', '', ports));
    await waitForRunning(a, 'first');
    await a.writeManifest('b-second.yaml', pod('second', '', ports));
    expect(await refusal(a, 'second')).toEqual({ reason: 'NodePorts', message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports" });
    await a.removeManifest('a-first.yaml');
    await a.waitFor(async () => (await podContainers(a.nodeName, 'first')).length === 0, { what: 'first removed' });
    const later = new Date(Date.now() + 1000);
    await utimes(join(a.manifestDir, 'b-second.yaml'), later, later);
    await waitForRunning(a, 'second');
  });

  it('refuses a pod asking more CPU than the node has, with the kubelet message', async () => {
    const a = await agentWith(['--system-reserved', 'cpu=500m']);
    await a.writeManifest('hungry.yaml', pod('hungry', '', '    resources:\n      requests: { cpu: "64" }\n'));
    const { reason, message } = await refusal(a, 'hungry');
    expect(reason).toBe('OutOfcpu');
    expect(message).toMatch(/^Node didn't have enough resource: cpu, requested: 64000, used: 0, capacity: \d+$/);
    const describe = (await a.cli(['describe', 'node', a.nodeName])).stdout;
    expect(describe).toMatch(/^Capacity:\n\s+cpu:\s+\d+\n\s+memory:\s+\d+Ki\n\s+pods:\s+110$/m);
    expect(describe).toMatch(/Allocatable:\n\s+cpu:\s+\d+(\.\d+)?m?\n/);
    expect(describe).toMatch(/Non-terminated Pods:\s+\(0 in total\)/);
  });

  it('admits at most --max-pods pods, those seen first', async () => {
    const a = await agentWith(['--max-pods', '2']);
    // Pods are admitted in the order the agent first saw them (files written at once may be read
    // in any order: seen in CI, p3 before p2): p3 comes once p1 and p2 run.
    const requests = '    resources:\n      requests: { cpu: 10m, memory: 16Mi }\n';
    await Promise.all(['p1', 'p2'].map((n) => a.writeManifest(`${n}.yaml`, pod(n, '', requests))));
    await waitForRunning(a, 'p1');
    await waitForRunning(a, 'p2');
    await a.writeManifest('p3.yaml', pod('p3', '', requests));
    expect(await refusal(a, 'p3')).toEqual({ reason: 'OutOfpods', message: "Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2" });
    const describe = (await a.cli(['describe', 'node', a.nodeName])).stdout;
    expect(describe).toMatch(/default\s+p1\s+10m \(\d+%\)\s+0 \(0%\)\s+16Mi \(\d+%\)\s+0 \(0%\)/);
    expect(describe).toMatch(/Non-terminated Pods:\s+\(2 in total\)/);
    expect((await a.cli(['get', 'nodes'])).stdout).toMatch(new RegExp(`^NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\\n${a.nodeName}\\s+Ready\\s+<none>`));
  });
});

describe('node policy', () => {
  let agent: AgentHarness;
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('refuses privileged containers and host namespaces without --allow-privileged, and hostPaths outside --allowed-host-paths', async () => {
    agent = await startAgent({ extraArgs: ['--allowed-host-paths', '/srv/minikubelet-allowed'] });
    await agent.writeManifest('priv.yaml', pod('priv', '', '    securityContext: { privileged: true }\n'));
    await agent.writeManifest('hostnet.yaml', pod('hostnet', '  hostNetwork: true\n'));
    await agent.writeManifest('etc.yaml', pod('etc', '  volumes:\n  - { name: etc, hostPath: { path: /etc } }\n', '    volumeMounts: [{ name: etc, mountPath: /host-etc }]\n'));
    expect((await refusal(agent, 'priv')).reason).toBe('PrivilegedNotAllowed');
    expect((await refusal(agent, 'hostnet')).reason).toBe('HostNamespaceNotAllowed');
    const etc = await refusal(agent, 'etc');
    expect(etc).toEqual({ reason: 'HostPathNotAllowed', message: 'volume "etc": hostPath /etc is not under the allowed host paths (/srv/minikubelet-allowed)' });
  });
});
