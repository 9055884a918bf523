import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { makeContainer } from '../planner/testing/planner-fixtures.js';
import { LABEL_PRE_STOP_HANDLER } from '../runtime/labels.js';
import { FakeRuntime } from '../../test/helpers/fake-runtime.js';
import { type HookTarget, preStopFromLabels, preStopLabel, runLifecycleHandler, runPreStop } from './lifecycle-hooks.js';

function target(runtime: FakeRuntime, podIP = '127.0.0.1'): HookTarget {
  const c = runtime.addContainer({ dockerName: 'k8s_app_web_default_uid-1_0', state: 'running' });
  return { runtime, podRef: 'web_default(uid-1)', containerName: 'app', containerId: c.id, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], podIP: async () => podIP };
}

describe('preStop label', () => {
  it('keeps the handler with named ports resolved, and reads it back', () => {
    const container = makeContainer('app', {
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      lifecycle: { preStop: { httpGet: { path: '/quit', port: 'http', scheme: 'HTTP', httpHeaders: [] } } },
    });
    const labels = preStopLabel(container);
    expect(JSON.parse(labels[LABEL_PRE_STOP_HANDLER]!)).toEqual({ httpGet: { path: '/quit', port: 8080, scheme: 'HTTP', httpHeaders: [] } });
    expect(preStopFromLabels(labels)).toEqual({ httpGet: { path: '/quit', port: 8080, scheme: 'HTTP', httpHeaders: [] } });
    expect(container.lifecycle?.preStop?.httpGet?.port).toBe('http');
  });

  it('is absent without a preStop hook, and a broken label counts as none', () => {
    expect(preStopLabel(makeContainer('app'))).toEqual({});
    expect(preStopFromLabels({ [LABEL_PRE_STOP_HANDLER]: '{oops' })).toBeUndefined();
  });
});

describe('runLifecycleHandler', () => {
  it('passes an exec hook that exits 0, the command as argv', async () => {
    const runtime = new FakeRuntime();
    expect(await runLifecycleHandler({ exec: { command: ['true'] } }, target(runtime))).toBeUndefined();
    expect(runtime.callsOf('exec')[0]![1]).toEqual({ cmd: ['true'], stdin: false, tty: false });
  });

  it('fails an exec hook that exits non-zero with the kubelet`s message', async () => {
    const runtime = new FakeRuntime();
    runtime.execHandler = ({ stdout, stderr }) => {
      stdout('out\n');
      stderr('bad\n');
      return 3;
    };
    expect(await runLifecycleHandler({ exec: { command: ['sh', '-c', 'exit 3'] } }, target(runtime))).toBe(
      `Exec lifecycle hook ([sh -c exit 3]) for Container "app" in Pod "web_default(uid-1)" failed - error: command 'sh -c exit 3' exited with 3: bad\n, message: "out\\nbad\\n"`,
    );
  });

  it('fails a tcpSocket hook: deprecated, not run (as the kubelet)', async () => {
    expect(await runLifecycleHandler({ tcpSocket: { port: 80 } }, target(new FakeRuntime()))).toMatch(/^Cannot run handler: invalid handler/);
  });

  it('passes an httpGet hook whatever the status code, fails it on a transport error', async () => {
    const server = http.createServer((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const t = target(new FakeRuntime());
    expect(await runLifecycleHandler({ httpGet: { path: '/stop', port, scheme: 'HTTP', httpHeaders: [] } }, t)).toBeUndefined();
    await new Promise((resolve) => server.close(resolve));
    expect(await runLifecycleHandler({ httpGet: { path: '/stop', port, scheme: 'HTTP', httpHeaders: [] } }, t)).toBe(
      `HTTP lifecycle hook (/stop) for Container "app" in Pod "web_default(uid-1)" failed - error: Get "http://127.0.0.1:${port}/stop": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
  });

  it('ends a sleep hook early when aborted', async () => {
    const abort = new AbortController();
    const pending = runLifecycleHandler({ sleep: { seconds: 30 } }, target(new FakeRuntime()), abort.signal);
    abort.abort();
    expect(await pending).toMatch(/container terminated before sleep hook finished$/);
  });
});

describe('runPreStop', () => {
  it('waits at most the grace period and reports the whole seconds spent, no failure', async () => {
    const runtime = new FakeRuntime();
    runtime.execHandler = () => new Promise<number>(() => undefined);
    const started = Date.now();
    const result = await runPreStop({ exec: { command: ['sleep', '100'] } }, target(runtime), 1, Date.now);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result).toEqual({ spentSeconds: 1 });
  });

  it('reports a hook that failed within the grace period', async () => {
    const runtime = new FakeRuntime();
    const result = await runPreStop({ exec: { command: ['false'] } }, target(runtime), 30, Date.now);
    expect(result.spentSeconds).toBe(0);
    expect(result.failure).toMatch(/^Exec lifecycle hook \(\[false\]\)/);
  });
});
