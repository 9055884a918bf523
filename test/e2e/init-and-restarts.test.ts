import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { containerEvents, dockerClient } from '../helpers/docker.js';
import { BUSYBOX, getPod, podContainers } from './pod-helpers.js';

const GATED = `
apiVersion: v1
kind: Pod
metadata:
  name: gated
spec:
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: wait-one
    image: ${BUSYBOX}
    command: ["sh", "-c", "until [ -f /tmp/go ]; do sleep 0.2; done"]
  - name: wait-two
    image: ${BUSYBOX}
    command: ["sh", "-c", "until [ -f /tmp/go ]; do sleep 0.2; done"]
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`;

async function status(agent: AgentHarness, name: string): Promise<string> {
  const out = (await agent.cli(['get', 'pods', name])).stdout;
  return out.split('\n')[1]?.trim().split(/\s+/)[2] ?? '';
}

describe('init containers released one by one, restarts and termination messages', () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1', '--backoff-max-seconds', '4'] });
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('moves through Init:0/2 → Init:1/2 → Running as each init container is released by exec', async () => {
    await agent.writeManifest('gated.yaml', GATED);
    await agent.waitFor(() => status(agent, 'gated'), { until: (s) => s === 'Init:0/2', what: 'Init:0/2' });
    const release1 = await agent.cli(['exec', 'gated', '-c', 'wait-one', '--', 'touch', '/tmp/go']);
    expect(release1.code).toBe(0);
    await agent.waitFor(() => status(agent, 'gated'), { until: (s) => s === 'Init:1/2', what: 'Init:1/2' });
    // The app container has not been created while an init container runs.
    expect((await podContainers(agent.nodeName, 'gated')).map((c) => c.Labels['io.kubernetes.container.name'])).not.toContain('app');
    await agent.cli(['exec', 'gated', '-c', 'wait-two', '--', 'touch', '/tmp/go']);
    await agent.waitFor(() => status(agent, 'gated'), { until: (s) => s === 'Running', what: 'Running' });
  });

  it('re-runs every init container, in order, when the pause container is killed', async () => {
    const before = await getPod(agent, 'gated');
    const pause = (await podContainers(agent.nodeName, 'gated')).find((c) => c.Labels['io.kubernetes.container.name'] === 'POD')!;
    await dockerClient().getContainer(pause.Id).kill();
    // The new sandbox's first init container waits for its file again.
    await agent.waitFor(() => status(agent, 'gated'), { until: (s) => s === 'Init:0/2', what: 'Init:0/2 after the sandbox died' });
    await agent.cli(['exec', 'gated', '-c', 'wait-one', '--', 'touch', '/tmp/go']);
    await agent.waitFor(() => status(agent, 'gated'), { until: (s) => s === 'Init:1/2', what: 'Init:1/2 in the new sandbox' });
    await agent.cli(['exec', 'gated', '-c', 'wait-two', '--', 'touch', '/tmp/go']);
    const after = await agent.waitFor(() => getPod(agent, 'gated'), { until: (p) => p?.status.phase === 'Running' && !!p.status.containerStatuses[0]?.state.running, what: 'Running again' });
    expect(after!.status.podIP).not.toBe(undefined);
    expect(after!.status.containerStatuses[0]!.restartCount).toBe(before!.status.containerStatuses[0]!.restartCount + 1);
    const sandboxes = (await podContainers(agent.nodeName, 'gated')).filter((c) => c.Labels['io.kubernetes.container.name'] === 'POD');
    expect(sandboxes.filter((s) => s.State === 'running')).toHaveLength(1);
  });

  it('spaces the restarts of a crashing container further and further apart (CrashLoopBackOff)', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    await agent.writeManifest('looper.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: looper
spec:
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "exit 3"]
`);
    await agent.waitFor(() => getPod(agent, 'looper'), {
      until: (p) => (p?.status.containerStatuses[0]?.restartCount ?? 0) >= 4,
      what: 'looper restartCount >= 4',
    });
    // The engine's own start and die times (not when this test happened to poll): the back-off is
    // the pause between one run's end and the next one's start, and a loaded machine only lengthens it.
    const events = await containerEvents(agent.nodeName, 'looper', 'main', since);
    const starts = events.filter((e) => e.action === 'start').map((e) => e.ms);
    const dies = events.filter((e) => e.action === 'die').map((e) => e.ms);
    expect(starts.length).toBeGreaterThanOrEqual(5);
    const pause = (run: number) => starts[run]! - dies[run - 1]!;
    // With a 1 s initial back-off capped at 4 s: run 1 at once, then 1 s, 2 s and 4 s before runs 2, 3 and 4
    // (measured by the agent from the container's finish time; 100 ms allowed for clock rounding).
    expect(pause(2)).toBeGreaterThanOrEqual(900);
    expect(pause(3)).toBeGreaterThanOrEqual(1900);
    expect(pause(4)).toBeGreaterThanOrEqual(3900);
    expect((await agent.cli(['describe', 'pod', 'looper'])).stdout).toMatch(/Back-off restarting failed container main/);
  });

  it('keeps restartCount and back-off across an agent restart', async () => {
    const before = (await getPod(agent, 'looper'))!.status.containerStatuses[0]!.restartCount;
    await agent.kill();
    agent = await startAgent({ manifestDir: agent.manifestDir, rootDir: agent.rootDir, nodeName: agent.nodeName, extraArgs: ['--backoff-initial-seconds', '1', '--backoff-max-seconds', '4'] });
    const pod = await agent.waitFor(() => getPod(agent, 'looper'), { until: (p) => !!p, what: 'looper after the restart' });
    const status = pod!.status.containerStatuses[0]!;
    expect(status.restartCount).toBeGreaterThanOrEqual(before);
    expect(status.lastState.terminated?.exitCode ?? status.state.terminated?.exitCode).toBe(3);
    await agent.removeManifest('looper.yaml');
  });

  it('reports the termination message a container wrote, and the log tail under FallbackToLogsOnError', async () => {
    await agent.writeManifest('messages.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: messages
spec:
  restartPolicy: Never
  containers:
  - name: file
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo 'config missing: /etc/app.conf' > /dev/termination-log; exit 3"]
  - name: logs
    image: ${BUSYBOX}
    terminationMessagePolicy: FallbackToLogsOnError
    command: ["sh", "-c", "echo 'panic: out of cheese'; exit 4"]
`);
    const pod = await agent.waitFor(() => getPod(agent, 'messages'), { until: (p) => p?.status.phase === 'Failed', what: 'messages Failed' });
    const byName = new Map(pod!.status.containerStatuses.map((s) => [s.name, s.state.terminated]));
    expect(byName.get('file')).toMatchObject({ exitCode: 3, reason: 'Error', message: 'config missing: /etc/app.conf\n' });
    expect(byName.get('logs')).toMatchObject({ exitCode: 4, reason: 'Error', message: 'panic: out of cheese\n' });
  });
});
