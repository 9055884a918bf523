import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, getPod, podContainers } from './pod-helpers.js';

const FOREVER = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;

const INIT_ORDER = `
apiVersion: v1
kind: Pod
metadata:
  name: ordered
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: shared
    emptyDir: {}
  initContainers:
  - name: first
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 1; echo first >> /shared/order"]
    volumeMounts: [{ name: shared, mountPath: /shared }]
  - name: second
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo second >> /shared/order"]
    volumeMounts: [{ name: shared, mountPath: /shared }]
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo app >> /shared/order; trap 'exit 0' TERM; while true; do sleep 1; done"]
    volumeMounts: [{ name: shared, mountPath: /shared }]
`;

function single(name: string, policy: string, script: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${policy}
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

describe('pod lifecycle: init containers and restart policies', () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1', '--backoff-max-seconds', '4'] });
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('runs init containers one at a time, in order, before the app container', async () => {
    await agent.writeManifest('ordered.yaml', INIT_ORDER);
    const pod = await agent.waitFor(async () => {
      const p = await getPod(agent, 'ordered');
      return p?.status.phase === 'Running' && p.status.containerStatuses[0]?.ready ? p : undefined;
    }, { timeoutMs: 60_000, what: 'ordered Running' });
    expect(pod.status.initContainerStatuses.map((s) => s.state.terminated?.reason)).toEqual(['Completed', 'Completed']);
    const app = (await podContainers(agent.nodeName, 'ordered')).find((c) => c.Labels['io.kubernetes.container.name'] === 'app')!;
    const order = await agent.cli(['exec', 'ordered', '--', 'cat', '/shared/order']);
    expect(order.stdout).toBe('first\nsecond\napp\n');
    expect(app.State).toBe('running');
  });

  it('fails the pod when an init container fails under restartPolicy Never, never starting the app', async () => {
    await agent.writeManifest('init-fails.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: init-fails
spec:
  restartPolicy: Never
  initContainers:
  - name: setup
    image: ${BUSYBOX}
    command: ["sh", "-c", "exit 3"]
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${FOREVER}
`);
    const pod = await agent.waitFor(() => getPod(agent, 'init-fails'), { until: (p) => p?.status.phase === 'Failed', what: 'init-fails Failed' });
    expect(pod!.status.initContainerStatuses[0]?.state.terminated?.exitCode).toBe(3);
    const table = await agent.cli(['get', 'pods']);
    expect(table.stdout).toMatch(/init-fails\s+0\/1\s+Init:Error/);
    const names = (await podContainers(agent.nodeName, 'init-fails')).map((c) => c.Labels['io.kubernetes.container.name']);
    expect(names).not.toContain('app');
  });

  it('restarts a crashing container under Always with back-off, keeping the last run for logs --previous', async () => {
    await agent.writeManifest('crasher.yaml', single('crasher', 'Always', 'echo run-$(date +%s); exit 1'));
    const pod = await agent.waitFor(() => getPod(agent, 'crasher'), {
      until: (p) => (p?.status.containerStatuses[0]?.restartCount ?? 0) >= 3,
      timeoutMs: 60_000,
      what: 'crasher restartCount >= 3',
    });
    const status = pod!.status.containerStatuses[0]!;
    expect(status.lastState.terminated?.exitCode).toBe(1);
    expect(status.lastState.terminated?.reason).toBe('Error');
    const waiting = await agent.waitFor(() => getPod(agent, 'crasher'), {
      until: (p) => p?.status.containerStatuses[0]?.state.waiting?.reason === 'CrashLoopBackOff',
      timeoutMs: 30_000,
      what: 'crasher in CrashLoopBackOff',
    });
    expect(waiting!.status.containerStatuses[0]!.state.waiting!.message).toMatch(/^back-off \d+s restarting failed container=main pod=crasher_default\(/);
    // A restart may be under way when asked (the back-off of a container that ran a second is
    // short): the previous instance is then the one being replaced, asked again a moment later.
    const previous = await agent.waitFor(() => agent.cli(['logs', 'crasher', '--previous']), {
      until: (r) => r.code === 0, timeoutMs: 15_000, intervalMs: 500, what: 'logs --previous of crasher',
    });
    expect(previous.stdout).toMatch(/^run-\d+\n$/);
    // Only the current and the previous instance are kept. A list can catch the moment between a
    // new instance's creation and the next sync's removal of the oldest; a leak would only grow.
    await agent.waitFor(async () => (await podContainers(agent.nodeName, 'crasher')).filter((c) => c.Labels['io.kubernetes.container.name'] === 'main').length, {
      until: (n) => n <= 2,
      timeoutMs: 30_000,
      what: 'at most two instances of crasher main',
    });
  });

  it('completes an OnFailure pod whose container exits 0, and does not restart it', async () => {
    await agent.writeManifest('job.yaml', single('job', 'OnFailure', 'echo done'));
    const pod = await agent.waitFor(() => getPod(agent, 'job'), { until: (p) => p?.status.phase === 'Succeeded', what: 'job Succeeded' });
    expect(pod!.status.containerStatuses[0]!.restartCount).toBe(0);
    expect((await agent.cli(['get', 'pods'])).stdout).toMatch(/job\s+0\/1\s+Completed\s+0/);
  });

  it('fails a Never pod whose container exits non-zero, and does not run it again after an agent restart', async () => {
    await agent.writeManifest('once.yaml', single('once', 'Never', 'exit 2'));
    await agent.waitFor(() => getPod(agent, 'once'), { until: (p) => p?.status.phase === 'Failed', what: 'once Failed' });
    const before = (await podContainers(agent.nodeName, 'once')).map((c) => c.Id).sort();
    await agent.kill();
    agent = await startAgent({ manifestDir: agent.manifestDir, rootDir: agent.rootDir, nodeName: agent.nodeName, extraArgs: ['--backoff-initial-seconds', '1'] });
    const pod = await agent.waitFor(() => getPod(agent, 'once'), { until: (p) => p?.status.phase === 'Failed', what: 'once Failed after restart' });
    expect(pod!.status.containerStatuses[0]!.restartCount).toBe(0);
    expect(pod!.status.containerStatuses[0]!.state.terminated?.exitCode).toBe(2);
    expect((await podContainers(agent.nodeName, 'once')).map((c) => c.Id).sort()).toEqual(before);
  });
});
