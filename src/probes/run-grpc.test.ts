import net from 'node:net';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthServer } from '../../test/helpers/grpc-health-server.js';
import { probeGrpc, rpcFailure, servingOutcome } from './run-grpc.js';

// Messages as kubelet pkg/probe/grpc/grpc.go words them (and its grpc_test.go checks them).

describe('probeGrpc against an in-process health server', () => {
  let server: HealthServer;
  let bare: HealthServer;

  beforeAll(async () => {
    server = await HealthServer.start();
    server.setStatus('', 'SERVING');
    server.setStatus('down', 'NOT_SERVING');
    server.setStatus('starting', 'UNKNOWN');
    server.setStatus('my.pkg.Greeter', 'SERVING');
    server.hang('stuck');
    bare = await HealthServer.start({ health: false });
  });
  afterAll(() => {
    server?.close();
    bare?.close();
  });

  it('succeeds when the server answers SERVING', async () => {
    expect(await probeGrpc('127.0.0.1', server.port, '', 1000)).toEqual({ result: 'success', output: 'service healthy' });
  });

  it('fails with the status the server answered when it is NOT_SERVING', async () => {
    expect(await probeGrpc('127.0.0.1', server.port, 'down', 1000)).toEqual({
      result: 'failure',
      output: 'service unhealthy (responded with "NOT_SERVING")',
    });
  });

  it('fails when the server answers UNKNOWN', async () => {
    expect((await probeGrpc('127.0.0.1', server.port, 'starting', 1000)).output).toBe('service unhealthy (responded with "UNKNOWN")');
  });

  it('fails with the rpc error when the server does not know the service', async () => {
    expect(await probeGrpc('127.0.0.1', server.port, 'nobody', 1000)).toEqual({
      result: 'failure',
      output: 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service',
    });
  });

  it('sends the service name as the request`s service, with the kube-probe User-Agent', async () => {
    const before = server.seen.length;
    expect((await probeGrpc('127.0.0.1', server.port, 'my.pkg.Greeter', 1000)).result).toBe('success');
    const seen = server.seen.slice(before);
    expect(seen.map((s) => s.service)).toEqual(['my.pkg.Greeter']);
    expect(seen[0]!.userAgent).toMatch(/^kube-probe\/1\.31 grpc-node-js\//);
  });

  it('dials a new connection for every probe, as the kubelet does', async () => {
    const before = server.seen.length;
    await probeGrpc('127.0.0.1', server.port, '', 1000);
    await probeGrpc('127.0.0.1', server.port, '', 1000);
    const [first, second] = server.seen.slice(before);
    expect(first!.peer).not.toBe(second!.peer);
  });

  it('fails with the kubelet`s timeout message when the server never answers', async () => {
    expect(await probeGrpc('127.0.0.1', server.port, 'stuck', 1000)).toEqual({
      result: 'failure',
      output: 'timeout: health rpc did not complete within 1s',
    });
  });

  it('fails when the server does not implement grpc.health.v1.Health', async () => {
    const outcome = await probeGrpc('127.0.0.1', bare.port, '', 1000);
    expect(outcome.result).toBe('failure');
    expect(outcome.output).toMatch(/^error: this server does not implement the grpc health protocol \(grpc\.health\.v1\.Health\): /);
  });

  it('fails after the timeout when nothing listens on the port', async () => {
    const port = await closedPort();
    const started = Date.now();
    expect(await probeGrpc('127.0.0.1', port, '', 1000)).toEqual({
      result: 'failure',
      output: `timeout: failed to connect service "127.0.0.1:${port}" within 1s: context deadline exceeded`,
    });
    // grpc.WithBlock: the connection is retried until the deadline, not given up at the first refusal.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('the kubelet`s grpc probe messages', () => {
  it.each<[string, Parameters<typeof servingOutcome>[0], string]>([
    ['SERVING passes', { status: 'SERVING' }, 'service healthy'],
    ['NOT_SERVING fails', { status: 'NOT_SERVING' }, 'service unhealthy (responded with "NOT_SERVING")'],
    ['SERVICE_UNKNOWN fails', { status: 'SERVICE_UNKNOWN' }, 'service unhealthy (responded with "SERVICE_UNKNOWN")'],
    ['a status the protocol does not name fails with its number', { status: 7 }, 'service unhealthy (responded with "7")'],
    ['no response reads as UNKNOWN', undefined, 'service unhealthy (responded with "UNKNOWN")'],
  ])('%s', (_name, response, output) => {
    expect(servingOutcome(response).output).toBe(output);
  });

  it.each<[string, { code: number; details: string }, string]>([
    ['a deadline', { code: status.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }, 'timeout: health rpc did not complete within 2s'],
    ['no health service', { code: status.UNIMPLEMENTED, details: 'unknown service grpc.health.v1.Health' }, 'error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health'],
    ['an unavailable server', { code: status.UNAVAILABLE, details: 'Connection dropped' }, 'error: health rpc probe failed: rpc error: code = Unavailable desc = Connection dropped'],
    ['a cancelled call, spelled as Go spells it', { code: status.CANCELLED, details: 'x' }, 'error: health rpc probe failed: rpc error: code = Canceled desc = x'],
    ['a code gRPC does not define', { code: 42, details: 'x' }, 'error: health rpc probe failed: rpc error: code = Code(42) desc = x'],
  ])('words %s as the kubelet does', (_name, err, output) => {
    expect(rpcFailure(err, '2s')).toEqual({ result: 'failure', output });
  });
});

/** A port that was just free: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
