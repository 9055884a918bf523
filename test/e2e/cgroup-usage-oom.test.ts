/**
 * Issue 16 §1 on this host (cgroup v1, cgroupfs): the pods' CPU and memory read from their cgroups
 * (`/metrics`, `describe node`), and a child process OOM-killed while PID 1 runs on, each kill the
 * cgroup counted reported once as an `OOMKilling` Warning on the pod while the container stays as
 * the engine has it: running, never restarted. (cgroup v2 with systemd: test/guest.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { OOM_CHILD, reportedOomKills } from '../helpers/oom-events.js';
import { freePort, sample } from '../helpers/read-only-port.js';
import { BUSYBOX, getPod, runForeverPod, waitForRunning } from './pod-helpers.js';

/**
 * PID 1 (`sh`) waits 5 s (the engine's OOM watch in place), runs a child that outgrows 32Mi, and
 * lives on. The child raises its own oom_score_adj to 1000 (no privilege needed), so whatever the
 * kernel kills is the child's (on a loaded machine it may kill more than one of them: `tail`, then
 * `head` or the subshell), never PID 1, which this engine cannot protect with a negative score.
 */
const CHILD_OOM = `
apiVersion: v1
kind: Pod
metadata:
  name: child-oom
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 5; ${OOM_CHILD}; echo survived; exec sleep 3600"]
    resources:
      limits: {memory: 32Mi}
`;

describe('cgroup usage and OOM kills of a child (real engine, this host)', { timeout: 240_000 }, () => {
  let agent: AgentHarness;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    agent = await startAgent({ extraArgs: ['--read-only-port', String(port), '--relist-seconds', '2'] });
  });

  afterAll(async () => {
    await agent?.cleanup();
  });

  it('reports each OOM kill of a child once, as many as the cgroup counted, the container running on, never restarted', async () => {
    await agent.writeManifest('child-oom.yaml', CHILD_OOM);
    const described = await agent.waitFor(async () => (await agent.cli(['describe', 'pod', 'child-oom'])).stdout, {
      until: (out) => /OOMKilling/.test(out), timeoutMs: 120_000, what: 'an OOMKilling event on child-oom',
    });
    expect(described).toMatch(/Warning\s+OOMKilling\s+.*(a process|\d processes) of container app (was|were) killed \(memory limit 32Mi\)/);
    // Several relists later (every 2 s here): the kills reported are the kills the cgroup counted.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const again = (await agent.cli(['describe', 'pod', 'child-oom'])).stdout;
    const control = (await agent.cli(['exec', 'child-oom', '--', 'cat', '/sys/fs/cgroup/memory/memory.oom_control'])).stdout;
    const counted = Number(/^oom_kill (\d+)$/m.exec(control)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(1);
    expect(reportedOomKills(again)).toBe(counted);
    const pod = await getPod(agent, 'child-oom');
    expect(pod?.status.phase).toBe('Running');
    expect(pod?.status.containerStatuses[0]).toMatchObject({ restartCount: 0, ready: true });
    expect(pod?.status.containerStatuses[0]?.state.running).toBeDefined();
    expect((await agent.cli(['logs', 'child-oom'])).stdout).toContain('survived');
  });

  it('reads each pod cgroup and kubepods for /metrics and describe node', async () => {
    await agent.writeManifest('idle.yaml', runForeverPod('idle'));
    await waitForRunning(agent, 'idle');
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const idleBytes = sample(text, 'minikubelet_pod_memory_working_set_bytes{namespace="default",pod="idle"}');
    expect(idleBytes).toBeGreaterThan(0);
    expect(idleBytes).toBeLessThan(32 * 2 ** 20);
    expect(sample(text, 'minikubelet_pod_cpu_usage_seconds_total{namespace="default",pod="idle"}')).toBeGreaterThan(0);
    // kubepods holds every agent's pods on this shared engine: at least this one's.
    expect(sample(text, 'minikubelet_kubepods_memory_working_set_bytes')).toBeGreaterThanOrEqual(idleBytes!);
    expect(sample(text, 'minikubelet_kubepods_cpu_usage_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    const described = (await agent.cli(['describe', 'node', agent.nodeName])).stdout;
    expect(described).toMatch(/^Resource usage:\n/m);
    expect(described).toMatch(/^ {2}default\s+idle\s+\d+(Ki|Mi)\s+\d+\.\d\ds$/m);
    expect(described).toMatch(/^ {2}\(all pods\)\s+\d+(Ki|Mi) \(\d+%\)\s+\d+\.\d\ds$/m);
  });
});
