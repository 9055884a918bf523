import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { listNodeContainers } from '../helpers/docker.js';
import { freePort, sample } from '../helpers/read-only-port.js';
import { BUSYBOX, getPods } from '../e2e/pod-helpers.js';

const PODS = 100;

function pod(i: number): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: load-${i}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 5; done"]
`;
}

/** Runs alone (the `faults` project): 100 pods are most of what a 2-core box can start at once. */
describe(`${PODS} pods dropped at once`, () => {
  let agent: AgentHarness;
  let metricsUrl: string;
  const MAX_CALLS = 8;

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    agent = await startAgent({ extraArgs: ['--max-docker-calls', String(MAX_CALLS), '--read-only-port', String(port)] });
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('converge with exactly one sandbox and one container per pod, then clean up fully', { timeout: 600_000 }, async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: PODS }, (_, i) => agent.writeManifest(`load-${i}.yaml`, pod(i))));
    await agent.waitFor(async () => (await getPods(agent)).filter((p) => p.status.containerStatuses[0]?.state.running).length, {
      until: (n) => n === PODS,
      timeoutMs: 300_000,
      intervalMs: 1000,
      what: `${PODS} pods running`,
    });
    const convergedMs = Date.now() - started;
    const containers = await listNodeContainers(agent.nodeName);
    expect(containers).toHaveLength(2 * PODS);
    const perPod = new Map<string, number>();
    for (const c of containers) perPod.set(c.Labels['io.kubernetes.pod.name']!, (perPod.get(c.Labels['io.kubernetes.pod.name']!) ?? 0) + 1);
    expect([...perPod.values()].every((n) => n === 2)).toBe(true);
    const rssKb = Number((await import('node:fs')).readFileSync(`/proc/${agent.process.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1]);
    // The engine never had more than --max-docker-calls of the agent's calls at once, and it had several.
    const metrics = await (await fetch(metricsUrl)).text();
    const peak = sample(metrics, 'minikubelet_docker_operations_in_flight_peak');
    expect(peak).toBeLessThanOrEqual(MAX_CALLS);
    expect(peak).toBeGreaterThan(1);
    console.log(`[load] ${PODS} pods converged in ${(convergedMs / 1000).toFixed(1)} s; agent RSS ${(rssKb / 1024).toFixed(0)} MiB; at most ${peak} Docker calls at once`);

    const removing = Date.now();
    await Promise.all(Array.from({ length: PODS }, (_, i) => agent.removeManifest(`load-${i}.yaml`)));
    await agent.waitFor(async () => (await listNodeContainers(agent.nodeName)).length, {
      until: (n) => n === 0,
      timeoutMs: 300_000,
      intervalMs: 1000,
      what: 'every container removed',
    });
    console.log(`[load] ${PODS} pods removed in ${((Date.now() - removing) / 1000).toFixed(1)} s`);
    // A pod is forgotten once its directory and cgroup are gone too, a moment after its last
    // container (seen under CI load): wait for that, then nothing may be left of any pod.
    await agent.waitFor(async () => (await getPods(agent)).map((p) => p.metadata.name), {
      until: (names) => names.length === 0,
      timeoutMs: 30_000,
      what: 'every pod forgotten',
    });
  });
});
