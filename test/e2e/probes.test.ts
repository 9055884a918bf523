import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDirPath } from '../../src/volumes/pod-dirs.js';
import type { ApiPod } from '../../src/api/api-pod.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, dockerExec, getPod, podContainers } from './pod-helpers.js';

// Probes and lifecycle hooks against the real engine (issue 4). Every pod is written at the start
// so they all progress at once; each test then waits for what its pod must show.

/** sh as PID 1 with no trap: SIGTERM is ignored, so a kill lasts its whole grace period. */
const IGNORES_TERM = `["sh", "-c", "while true; do sleep 1; done"]`;
const STOPS_ON_TERM = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;

const MANIFESTS: Record<string, string> = {
  // The file goes away after 3 s; the probe's own grace period (10 s, the preStop's budget too)
  // must win over the pod's 120 s.
  'liveness-exec': `
spec:
  terminationGracePeriodSeconds: 120
  volumes: [{ name: data, emptyDir: {} }]
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "touch /tmp/healthy; sleep 3; rm /tmp/healthy; while true; do sleep 1; done"]
    volumeMounts: [{ name: data, mountPath: /data }]
    livenessProbe:
      exec: { command: ["cat", "/tmp/healthy"] }
      # A docker exec can take seconds on a busy engine; the timeout is not what this tests.
      timeoutSeconds: 30
      periodSeconds: 1
      failureThreshold: 2
      terminationGracePeriodSeconds: 10
    lifecycle:
      preStop:
        exec: { command: ["sh", "-c", "echo prestop >> /data/hooks"] }
`,
  'readiness-http': `
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www; exec httpd -f -p 8080 -h /www"]
    ports: [{ name: http, containerPort: 8080 }]
    readinessProbe:
      httpGet: { path: /ready.html, port: http }
      periodSeconds: 1
`,
  'liveness-tcp': `
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${STOPS_ON_TERM}
    livenessProbe:
      tcpSocket: { port: 9999 }
      periodSeconds: 1
      failureThreshold: 2
`,
  // A CGI script that answers after 30 s: the readiness probe must give up after 1 s.
  'http-hangs': `
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: ${BUSYBOX}
    command: ["sh", "-c", "mkdir -p /www/cgi-bin; printf '#!/bin/sh\\\\nsleep 30\\\\necho\\\\n' > /www/cgi-bin/slow; chmod +x /www/cgi-bin/slow; exec httpd -f -p 8080 -h /www"]
    readinessProbe:
      httpGet: { path: /cgi-bin/slow, port: 8080 }
      periodSeconds: 2
      timeoutSeconds: 1
`,
  // An exec probe that never ends: it times out every period, and never runs twice at once.
  'exec-hangs': `
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${STOPS_ON_TERM}
    livenessProbe:
      exec: { command: ["sleep", "1000"] }
      periodSeconds: 1
      timeoutSeconds: 1
      failureThreshold: 1000
`,
  'startup-never': `
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{ name: data, emptyDir: {} }]
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${STOPS_ON_TERM}
    volumeMounts: [{ name: data, mountPath: /data }]
    startupProbe:
      exec: { command: ["cat", "/nonexistent"] }
      timeoutSeconds: 30
      periodSeconds: 1
      failureThreshold: 2
    livenessProbe:
      exec: { command: ["touch", "/data/liveness-ran"] }
      timeoutSeconds: 30
      periodSeconds: 1
`,
};

function manifest(name: string, spec: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${spec.trimStart()}`;
}

async function describePod(agent: AgentHarness, name: string): Promise<string> {
  const result = await agent.cli(['describe', 'pod', name]);
  if (result.code !== 0) throw new Error(`describe failed: ${result.stderr}`);
  return result.stdout;
}

function appStatus(pod: ApiPod | undefined) {
  return pod?.status.containerStatuses[0];
}

describe('probes and lifecycle hooks', () => {
  let agent: AgentHarness;
  let hostDir: string;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1', '--backoff-max-seconds', '4'] });
    hostDir = await mkdtemp(join(tmpdir(), 'minikubelet-e2e-hooks-'));
    for (const [name, spec] of Object.entries(MANIFESTS)) await agent.writeManifest(`${name}.yaml`, manifest(name, spec));
  });
  afterAll(async () => {
    await agent?.cleanup();
    if (hostDir) await rm(hostDir, { recursive: true, force: true });
  });

  it('restarts a container whose exec liveness probe fails, after its preStop hook, within the probe`s grace period', async () => {
    const pod = await agent.waitFor(() => getPod(agent, 'liveness-exec'), {
      until: (p) => (appStatus(p)?.restartCount ?? 0) >= 1,
      // Well under the pod's own 120 s grace period: the probe's 10 s must have been used.
      timeoutMs: 100_000,
      what: 'liveness-exec restarted',
    });
    // SIGTERM is ignored: SIGKILL once the probe's grace period (less the preStop's time) ran out.
    expect(appStatus(pod)!.lastState.terminated?.exitCode).toBe(137);
    const text = await describePod(agent, 'liveness-exec');
    expect(text).toContain("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(text).toContain('Container app failed liveness probe, will be restarted');
    // Read on the host: the restarted container is itself killed every few seconds.
    const hooks = await readFile(join(emptyDirPath(agent.rootDir, pod!.metadata.uid, 'data'), 'hooks'), 'utf8');
    expect(hooks).toContain('prestop');
  });

  it('flips Ready from False to True when the readiness path appears, with 404 failures as Unhealthy events', async () => {
    const running = await agent.waitFor(() => getPod(agent, 'readiness-http'), {
      until: (p) => p?.status.phase === 'Running' && appStatus(p)?.state.running !== undefined,
      what: 'readiness-http Running',
    });
    expect(appStatus(running)!.ready).toBe(false);
    expect(running!.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect((await agent.cli(['get', 'pods'])).stdout).toMatch(/readiness-http\s+0\/1\s+Running/);
    await agent.waitFor(() => describePod(agent, 'readiness-http'), {
      until: (text) => text.includes('Readiness probe failed: HTTP probe failed with statuscode: 404'),
      what: 'a 404 Unhealthy event',
    });

    const wrote = await agent.cli(['exec', 'readiness-http', '--', 'sh', '-c', 'echo ok > /www/ready.html']);
    expect(wrote.code).toBe(0);
    const ready = await agent.waitFor(() => getPod(agent, 'readiness-http'), {
      until: (p) => p?.status.conditions.find((c) => c.type === 'Ready')?.status === 'True',
      timeoutMs: 15_000,
      what: 'readiness-http Ready',
    });
    expect(appStatus(ready)!.ready).toBe(true);
    expect(ready!.status.conditions.find((c) => c.type === 'ContainersReady')?.status).toBe('True');
    expect((await agent.cli(['get', 'pods'])).stdout).toMatch(/readiness-http\s+1\/1\s+Running\s+0/);
  });

  it('restarts a container whose tcp liveness probe finds the port closed', async () => {
    const pod = await agent.waitFor(() => getPod(agent, 'liveness-tcp'), {
      until: (p) => (appStatus(p)?.restartCount ?? 0) >= 1,
      timeoutMs: 30_000,
      what: 'liveness-tcp restarted',
    });
    expect(await describePod(agent, 'liveness-tcp')).toContain(`Liveness probe failed: dial tcp ${pod!.status.podIP}:9999: connect: connection refused`);
  });

  it('fails an http probe that hangs after its timeout, leaving the container NotReady', async () => {
    const text = await agent.waitFor(() => describePod(agent, 'http-hangs'), {
      until: (t) => t.includes('Readiness probe failed: Get "http://'),
      timeoutMs: 30_000,
      what: 'a timeout Unhealthy event',
    });
    expect(text).toMatch(/Readiness probe failed: Get "http:\/\/[\d.]+:8080\/cgi-bin\/slow": context deadline exceeded \(Client\.Timeout exceeded while awaiting headers\)/);
    expect(appStatus(await getPod(agent, 'http-hangs'))!.ready).toBe(false);
  });

  it('times out an exec probe that hangs, without piling up its processes in the container', async () => {
    await agent.waitFor(() => describePod(agent, 'exec-hangs'), {
      until: (t) => t.includes('Liveness probe failed: command "sleep 1000" timed out'),
      timeoutMs: 30_000,
      what: 'an exec timeout Unhealthy event',
    });
    // Several periods later there is still a single probe process.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const app = (await podContainers(agent.nodeName, 'exec-hangs')).find((c) => c.Labels['io.kubernetes.container.name'] === 'app' && c.State === 'running')!;
    const ps = await dockerExec(app.Id, ['ps', '-o', 'args']);
    expect(ps.split('\n').filter((line) => line.trim() === 'sleep 1000')).toHaveLength(1);
    expect(appStatus(await getPod(agent, 'exec-hangs'))!.restartCount).toBe(0);
  });

  it('kills and restarts a container whose startup probe never passes, never running its liveness probe', async () => {
    const pod = await agent.waitFor(() => getPod(agent, 'startup-never'), {
      until: (p) => (appStatus(p)?.restartCount ?? 0) >= 2,
      timeoutMs: 40_000,
      what: 'startup-never restarted twice',
    });
    expect(appStatus(pod)!.started).toBe(false);
    const text = await describePod(agent, 'startup-never');
    expect(text).toContain("Startup probe failed: cat: can't open '/nonexistent': No such file or directory");
    expect(text).toContain('Container app failed startup probe, will be restarted');
    expect(text).not.toContain('Liveness probe');
    const data = await agent.waitFor(() => agent.cli(['exec', 'startup-never', '--', 'ls', '/data']), { until: (r) => r.code === 0, what: 'exec into startup-never' });
    expect(data.stdout).not.toContain('liveness-ran');
  });

  it('shows PostStartHookError and kills the container when its postStart hook fails', async () => {
    // Written now: the reason shows from the first failure until the next sync holds the container
    // in back-off (as the kubelet's reason cache); the first restart has no back-off and its kill
    // lasts the whole grace period (SIGTERM is ignored), which leaves time to see it.
    await agent.writeManifest('poststart-fails.yaml', manifest('poststart-fails', `
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${IGNORES_TERM}
    lifecycle:
      postStart:
        exec: { command: ["sh", "-c", "echo boom >&2; exit 1"] }
`));
    const pod = await agent.waitFor(() => getPod(agent, 'poststart-fails'), {
      until: (p) => appStatus(p)?.state.waiting?.reason === 'PostStartHookError',
      timeoutMs: 40_000,
      intervalMs: 100,
      what: 'poststart-fails waiting with PostStartHookError',
    });
    expect(appStatus(pod)!.state.waiting!.message).toMatch(
      /^Exec lifecycle hook \(\[sh -c echo boom >&2; exit 1\]\) for Container "app" in Pod "poststart-fails_default\([^)]+\)" failed - error: command 'sh -c echo boom >&2; exit 1' exited with 1: boom\n, message: "boom\\n"$/,
    );
    const text = await describePod(agent, 'poststart-fails');
    expect(text).toMatch(/Warning\s+FailedPostStartHook\s+.*PostStartHook failed/);
    expect(text).toMatch(/Normal\s+Killing\s+.*FailedPostStartHook/);
  });

  it('runs postStart after the start and preStop when the pod is deleted', async () => {
    await agent.writeManifest('hooks.yaml', manifest('hooks', `
spec:
  terminationGracePeriodSeconds: 30
  volumes:
  - { name: data, emptyDir: {} }
  - { name: out, hostPath: { path: ${hostDir}, type: Directory } }
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${STOPS_ON_TERM}
    volumeMounts: [{ name: data, mountPath: /data }, { name: out, mountPath: /out }]
    lifecycle:
      postStart:
        exec: { command: ["sh", "-c", "echo poststart > /data/poststart"] }
      preStop:
        exec: { command: ["sh", "-c", "echo prestop-on-delete > /out/prestop"] }
`));
    await agent.waitFor(() => getPod(agent, 'hooks'), { until: (p) => appStatus(p)?.state.running !== undefined, what: 'hooks running' });
    const postStart = await agent.cli(['exec', 'hooks', '--', 'cat', '/data/poststart']);
    expect(postStart.stdout).toBe('poststart\n');
    await agent.removeManifest('hooks.yaml');
    const written = await agent.waitFor(() => readFile(join(hostDir, 'prestop'), 'utf8'), { what: 'the preStop file' });
    expect(written).toBe('prestop-on-delete\n');
    await agent.waitFor(async () => (await podContainers(agent.nodeName, 'hooks')).length === 0, { what: 'hooks containers removed' });
  });
});
