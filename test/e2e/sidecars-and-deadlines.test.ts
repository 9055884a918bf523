import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, getPod, podContainers } from './pod-helpers.js';

/** Appends `$1` to the shared order file, then runs until SIGTERM, appending `$1-stop` then. */
const LOOP = (name: string, file: string) =>
  `["sh", "-c", "echo ${name} >> ${file}; trap 'echo ${name}-stop >> ${file}; exit 0' TERM; while true; do sleep 1; done"]`;

function sidecarPod(name: string, hostDir: string, policy = 'Always'): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${policy}
  terminationGracePeriodSeconds: 5
  volumes:
  - name: out
    hostPath: { path: ${hostDir}, type: Directory }
  initContainers:
  - name: logger
    image: ${BUSYBOX}
    restartPolicy: Always
    command: ${LOOP('logger', '/out/order')}
    startupProbe:
      exec: { command: ["grep", "-q", "logger", "/out/order"] }
      periodSeconds: 1
    volumeMounts: [{ name: out, mountPath: /out }]
  - name: setup
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo setup >> /out/order"]
    volumeMounts: [{ name: out, mountPath: /out }]
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${policy === 'Always' ? LOOP('app', '/out/order') : `["sh", "-c", "echo app >> /out/order; sleep 2"]`}
    volumeMounts: [{ name: out, mountPath: /out }]
`;
}

describe('sidecar containers and activeDeadlineSeconds (real engine)', { timeout: 180_000 }, () => {
  let agent: AgentHarness;
  let hostDir: string;

  beforeAll(async () => {
    agent = await startAgent();
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  async function freshDir(): Promise<string> {
    hostDir = await mkdtemp(join(tmpdir(), 'minikubelet-e2e-sidecar-'));
    return hostDir;
  }

  it('starts the sidecar first and keeps it running beside the app; READY counts it; removal stops the app before the sidecar', async () => {
    const dir = await freshDir();
    try {
      await agent.writeManifest('side.yaml', sidecarPod('side', dir));
      const pod = await agent.waitFor(() => getPod(agent, 'side'), {
        until: (p) => p?.status.phase === 'Running' && p.status.containerStatuses[0]?.ready === true && p.status.initContainerStatuses[0]?.ready === true,
        what: 'side Running with its sidecar ready',
      });
      expect(pod!.status.initContainerStatuses.map((s) => [s.name, s.started, !!s.state.running])).toEqual([['logger', true, true], ['setup', false, false]]);
      expect(await readFile(join(dir, 'order'), 'utf8')).toBe('logger\nsetup\napp\n');
      const table = await agent.cli(['get', 'pods']);
      expect(table.stdout).toMatch(/side\s+2\/2\s+Running/);
      await agent.removeManifest('side.yaml');
      await agent.waitFor(async () => (await podContainers(agent.nodeName, 'side')).length === 0, { what: 'side removed' });
      expect(await readFile(join(dir, 'order'), 'utf8')).toBe('logger\nsetup\napp\napp-stop\nlogger-stop\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets a Job-like pod complete beside its sidecar: Succeeded once the app exits 0, the sidecar stopped', async () => {
    const dir = await freshDir();
    try {
      await agent.writeManifest('job.yaml', sidecarPod('job', dir, 'Never'));
      const pod = await agent.waitFor(() => getPod(agent, 'job'), { until: (p) => p?.status.phase === 'Succeeded', what: 'job Succeeded' });
      expect(pod!.status.containerStatuses[0]?.state.terminated?.exitCode).toBe(0);
      await agent.waitFor(async () => (await podContainers(agent.nodeName, 'job')).every((c) => c.State !== 'running'), { what: 'job stopped' });
      expect(await readFile(join(dir, 'order'), 'utf8')).toBe('logger\nsetup\napp\nlogger-stop\n');
      const table = await agent.cli(['get', 'pods']);
      expect(table.stdout).toMatch(/job\s+0\/2\s+Completed/);
    } finally {
      await agent.removeManifest('job.yaml');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails a pod active longer than activeDeadlineSeconds with DeadlineExceeded and stops it for good', async () => {
    await agent.writeManifest('deadline.yaml', `
apiVersion: v1
kind: Pod
metadata:
  name: deadline
spec:
  activeDeadlineSeconds: 3
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`);
    const pod = await agent.waitFor(() => getPod(agent, 'deadline'), { until: (p) => p?.status.phase === 'Failed', what: 'deadline Failed' });
    expect(pod!.status).toMatchObject({ reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    await agent.waitFor(async () => (await podContainers(agent.nodeName, 'deadline')).every((c) => c.State !== 'running'), { what: 'deadline stopped' });
    // kubectl's STATUS column shows the last container's reason over the pod's (printPod): the TERM trap exited 0.
    const table = await agent.cli(['get', 'pods']);
    expect(table.stdout).toMatch(/deadline\s+0\/1\s+Completed/);
    const described = await agent.cli(['describe', 'pod', 'deadline']);
    expect(described.stdout).toContain('DeadlineExceeded');
  });
});
