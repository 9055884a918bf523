import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiPod } from '../../src/api/api-pod.js';
import { detectHostIP } from '../../src/shared/host-ip.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { HealthServer } from '../helpers/grpc-health-server.js';
import { BUSYBOX, getPod } from './pod-helpers.js';

// gRPC probes against the real engine (issue 14, item 4). No image with a gRPC server can be pulled,
// so the pods run on the host's network and their probes target a health server this test runs on
// the host: a hostNetwork pod's IP is the node's IP, which is where the agent sends the probe.

const HOST_IP = detectHostIP();

function grpcPod(name: string, probes: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  hostNetwork: true
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
${probes}`;
}

function appStatus(pod: ApiPod | undefined) {
  return pod?.status.containerStatuses[0];
}

function readyCondition(pod: ApiPod | undefined): string | undefined {
  return pod?.status.conditions.find((c) => c.type === 'Ready')?.status;
}

describe('grpc probes', () => {
  let agent: AgentHarness;
  let server: HealthServer;
  let closedPort: number;

  beforeAll(async () => {
    server = await HealthServer.start({ host: HOST_IP });
    server.setStatus('ready', 'NOT_SERVING');
    server.setStatus('live', 'SERVING');
    server.setStatus('doomed', 'SERVING');
    // A port nothing listens on: a server started and stopped at once.
    const gone = await HealthServer.start({ host: HOST_IP });
    closedPort = gone.port;
    gone.close();

    // hostNetwork shares a host namespace: admitted only with --allow-privileged.
    agent = await startAgent({ extraArgs: ['--allow-privileged', '--backoff-initial-seconds', '1', '--backoff-max-seconds', '4'] });
    await agent.writeManifest('grpc-ready.yaml', grpcPod('grpc-ready', `    readinessProbe:
      grpc: { port: ${server.port}, service: ready }
      periodSeconds: 1
    livenessProbe:
      grpc: { port: ${server.port}, service: live }
      periodSeconds: 1
`));
    await agent.writeManifest('grpc-live.yaml', grpcPod('grpc-live', `    livenessProbe:
      grpc: { port: ${server.port}, service: doomed }
      periodSeconds: 1
      failureThreshold: 2
`));
    await agent.writeManifest('grpc-nobody.yaml', grpcPod('grpc-nobody', `    readinessProbe:
      grpc: { port: ${closedPort} }
      periodSeconds: 2
`));
  });
  afterAll(async () => {
    await agent?.cleanup();
    server?.close();
  });

  it('keeps the container NotReady while the service is NOT_SERVING, and Ready follows the server`s status', async () => {
    const running = await agent.waitFor(() => getPod(agent, 'grpc-ready'), {
      until: (p) => p?.status.phase === 'Running' && appStatus(p)?.state.running !== undefined,
      what: 'grpc-ready Running',
    });
    expect(running!.status.podIP).toBe(HOST_IP);
    await agent.waitFor(() => agent.cli(['describe', 'pod', 'grpc-ready']), {
      until: (r) => r.stdout.includes('Readiness probe failed: service unhealthy (responded with "NOT_SERVING")'),
      what: 'a NOT_SERVING Unhealthy event',
    });
    expect(readyCondition(await getPod(agent, 'grpc-ready'))).toBe('False');

    server.setStatus('ready', 'SERVING');
    const ready = await agent.waitFor(() => getPod(agent, 'grpc-ready'), {
      until: (p) => readyCondition(p) === 'True',
      what: 'grpc-ready Ready',
    });
    expect(appStatus(ready)!.ready).toBe(true);
    expect((await agent.cli(['get', 'pods'])).stdout).toMatch(/grpc-ready\s+1\/1\s+Running\s+0/);

    server.setStatus('ready', 'NOT_SERVING');
    await agent.waitFor(() => getPod(agent, 'grpc-ready'), {
      until: (p) => readyCondition(p) === 'False',
      what: 'grpc-ready NotReady again',
    });
    // Readiness never restarts; the liveness probe (SERVING) held all along.
    expect(appStatus(await getPod(agent, 'grpc-ready'))!.restartCount).toBe(0);
  });

  it('sends each probe`s service with the kube-probe User-Agent, and describe shows the probes as kubectl does', async () => {
    await agent.waitFor(() => server.seen.some((s) => s.service === 'live') && server.seen.some((s) => s.service === 'ready'), {
      what: 'checks for both services',
    });
    for (const seen of server.seen) expect(seen.userAgent).toMatch(/^kube-probe\/\d+\.\d+ /);
    const text = (await agent.cli(['describe', 'pod', 'grpc-ready'])).stdout;
    expect(text).toMatch(new RegExp(`Liveness:\\s+grpc <pod>:${server.port} live delay=0s timeout=1s period=1s #success=1 #failure=3`));
    expect(text).toMatch(new RegExp(`Readiness:\\s+grpc <pod>:${server.port} ready delay=0s timeout=1s period=1s #success=1 #failure=3`));
  });

  it('restarts the container when its liveness check stops answering SERVING', async () => {
    await agent.waitFor(() => getPod(agent, 'grpc-live'), {
      until: (p) => appStatus(p)?.state.running !== undefined,
      what: 'grpc-live running',
    });
    server.setStatus('doomed', 'NOT_SERVING');
    await agent.waitFor(() => getPod(agent, 'grpc-live'), {
      until: (p) => (appStatus(p)?.restartCount ?? 0) >= 1,
      what: 'grpc-live restarted',
    });
    const text = (await agent.cli(['describe', 'pod', 'grpc-live'])).stdout;
    expect(text).toContain('Liveness probe failed: service unhealthy (responded with "NOT_SERVING")');
    expect(text).toContain('Container app failed liveness probe, will be restarted');
  });

  it('fails a probe whose port has no server with the kubelet`s connection timeout message', async () => {
    const text = await agent.waitFor(() => agent.cli(['describe', 'pod', 'grpc-nobody']), {
      until: (r) => r.stdout.includes('Readiness probe failed: timeout: failed to connect service'),
      what: 'a connection timeout Unhealthy event',
    });
    expect(text.stdout).toContain(`Readiness probe failed: timeout: failed to connect service "${HOST_IP}:${closedPort}" within 1s: context deadline exceeded`);
    expect(appStatus(await getPod(agent, 'grpc-nobody'))!.ready).toBe(false);
  });
});
