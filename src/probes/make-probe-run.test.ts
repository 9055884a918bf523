import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../api/pod-types.js';
import { defaultedContainer } from '../api/testing/pod-fixtures.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { HealthServer } from '../../test/helpers/grpc-health-server.js';
import { makeProbeRun } from './make-probe-run.js';

// A grpc probe never touches the engine: it dials the pod IP from the agent.
const NO_ENGINE = {} as ContainerRuntime;

function grpcProbe(port: number, service: string): Probe {
  return { grpc: { port, service }, initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
}

describe('makeProbeRun: grpc', () => {
  let server: HealthServer;
  beforeAll(async () => {
    server = await HealthServer.start();
    server.setStatus('ready', 'SERVING');
  });
  afterAll(() => server?.close());

  it('checks the probe`s service at the pod IP and port', async () => {
    const run = makeProbeRun(NO_ENGINE, grpcProbe(server.port, 'ready'), defaultedContainer('app'), { containerId: 'c1', podIP: '127.0.0.1' })();
    expect(await run.outcome).toEqual({ result: 'success', output: 'service healthy' });
    await run.settled;
    expect(server.seen.at(-1)?.service).toBe('ready');
  });

  it('is the prober`s own error while the pod has no IP', async () => {
    const run = makeProbeRun(NO_ENGINE, grpcProbe(server.port, ''), defaultedContainer('app'), { containerId: 'c1', podIP: undefined })();
    expect(await run.outcome).toEqual({ result: 'error', output: 'the pod has no IP yet' });
  });
});
