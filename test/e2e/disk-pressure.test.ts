import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiNode } from '../../src/node/api-node.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, getPod, runForeverPod, waitForRunning } from './pod-helpers.js';

/**
 * Issue 17 §3, DiskPressure: an agent told that the disk is short (a threshold above the real free
 * space, `nodefs.available<99.9%`) sets the node's DiskPressure condition and evicts its own pods in
 * the kubelet's order (the pod using more ephemeral-storage than it requests first), with reason
 * Evicted and the kubelet's message; another agent on the same engine, and its pod, are untouched.
 */
const HOG = `apiVersion: v1
kind: Pod
metadata:
  name: hog
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "dd if=/dev/zero of=/data/fill bs=1M count=20; trap 'exit 0' TERM; while true; do sleep 1; done"]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, emptyDir: {}}]
`;

const MODEST = runForeverPod('modest').replace('    command:', '    resources: {requests: {ephemeral-storage: 1Gi}}\n    command:');

async function node(agent: AgentHarness): Promise<ApiNode> {
  const result = await agent.cli(['get', 'nodes', agent.nodeName, '-o', 'json']);
  if (result.code !== 0) throw new Error(`get nodes failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ApiNode;
}

const diskPressure = (n: ApiNode) => n.status.conditions.find((c) => c.type === 'DiskPressure');

describe('DiskPressure: the node condition and evictions in the kubelet order (real engine)', { timeout: 180_000 }, () => {
  let pressed: AgentHarness;
  let other: AgentHarness;

  beforeAll(async () => {
    // Its own threshold (the harness turns eviction off): one no disk here is below.
    other = await startAgent({ extraArgs: ['--eviction-hard', 'nodefs.available<1Ki'] });
    await other.writeManifest('bystander.yaml', runForeverPod('bystander'));
    pressed = await startAgent({ extraArgs: ['--eviction-hard', 'nodefs.available<99.9%'] });
    // modest first: listed first, it would go first if the ranking did not put hog ahead.
    await pressed.writeManifest('modest.yaml', MODEST);
    await pressed.writeManifest('hog.yaml', HOG);
  });
  afterAll(async () => {
    await pressed?.cleanup();
    await other?.cleanup();
  });

  it('sets DiskPressure=True with the kubelet reason on the pressed node only', async () => {
    const condition = await pressed.waitFor(async () => diskPressure(await node(pressed)), { until: (c) => c?.status === 'True', what: 'DiskPressure True' });
    expect(condition).toMatchObject({ reason: 'KubeletHasDiskPressure', message: expect.stringContaining('nodefs.available below 99.9%') as string });
    expect(diskPressure(await node(other))).toMatchObject({ status: 'False', reason: 'KubeletHasNoDiskPressure' });
  });

  it('evicts the pod over its ephemeral-storage request first, with reason Evicted and the kubelet message', async () => {
    await waitForRunning(other, 'bystander');
    const hog = await pressed.waitFor(() => getPod(pressed, 'hog'), { until: (p) => p?.status.reason === 'Evicted', what: 'hog Evicted', timeoutMs: 60_000 });
    // One pod per 10 s pass: the other one is still there when the first goes.
    expect((await getPod(pressed, 'modest'))?.status.reason).toBeUndefined();
    expect(hog?.status.phase).toBe('Failed');
    expect(hog?.status.message).toMatch(/^The node was low on resource: ephemeral-storage\. Threshold quantity: \S+, available: \S+\. Container main was using \S+, request is 0, has larger consumption of ephemeral-storage\. $/);
    console.log(`hog evicted: ${hog?.status.message}`);
    const events = await pressed.cli(['describe', 'pod', 'hog']);
    expect(events.stdout).toContain('Evicted');
  });

  it('goes on with the next pod while the pressure lasts, and never touches another agent\'s pod', async () => {
    await pressed.waitFor(() => getPod(pressed, 'modest'), { until: (p) => p?.status.reason === 'Evicted', what: 'modest Evicted', timeoutMs: 60_000 });
    expect((await getPod(other, 'bystander'))?.status.phase).toBe('Running');
  });
});
