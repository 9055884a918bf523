/**
 * The API server on a socket in a temp dir, backed by an in-memory agent and the fake runtime,
 * with the server's log lines kept for assertions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApiServer, type ApiServer } from '../../src/server/api-server.js';
import { FakeRuntime } from './fake-runtime.js';
import { InMemoryAgentApi } from './in-memory-agent-api.js';

export interface ApiServerHarness {
  dir: string;
  socketPath: string;
  api: InMemoryAgentApi;
  runtime: FakeRuntime;
  server: ApiServer;
  logLines: string[];
  /** Creates and starts a container in the fake runtime; the API resolves `ns/pod/container` to it. */
  runningContainer(pod: string, container?: string, namespace?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startApiServerHarness(): Promise<ApiServerHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'minikubelet-api-'));
  const socketPath = join(dir, 'minikubelet.sock');
  const api = new InMemoryAgentApi();
  const runtime = new FakeRuntime();
  runtime.addImage('busybox');
  const logLines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const harness: ApiServerHarness = {
    dir,
    socketPath,
    api,
    runtime,
    server: createApiServer({ api, runtime, log }),
    logLines,
    async runningContainer(pod, container = 'main', namespace = 'default') {
      const id = await runtime.createContainer({
        name: `k8s_${container}_${pod}_${namespace}_uid-${pod}_0`,
        image: 'busybox',
        labels: {},
        env: [],
        networkMode: 'none',
        ipcMode: 'shareable',
        portBindings: [],
        mounts: [],
        tty: false,
        openStdin: false,
        stdinOnce: false,
      });
      await runtime.startContainer(id);
      api.targets.set(`${namespace}/${pod}/${container}`, { containerId: id, containerName: container, running: true });
      return id;
    },
    async close() {
      await harness.server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await harness.server.listen(socketPath);
  return harness;
}
