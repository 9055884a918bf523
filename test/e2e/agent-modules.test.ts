/**
 * Issue 18 §4: what the agent loads is what it runs. The agent as shipped (bin/minikubelet, the
 * bundle of scripts/bundle.mjs) with a running pod, its CommonJS loads listed by Node itself
 * (NODE_DEBUG=module): none of the code it never calls (docker-modem's SSH transport, dockerode's
 * BuildKit session over gRPC, prom-client's default CPU metric and @opentelemetry/api), ws not
 * before a client opens a WebSocket (then with bufferutil, its native unmasking), no build-context
 * packer (tar-fs), no prom-client index (`src/metrics/prom-client.ts`), and node-forge
 * never: the first start's certificates are made in a child process
 * (`src/server/pki/certificate-maker.ts`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { runForeverPod, waitForRunning } from './pod-helpers.js';

const NEVER_LOADED = ['@opentelemetry/api', 'ssh2', 'cpu-features', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'tar-fs', 'tar-stream'];
/** Loaded at first use: ws at the first WebSocket a client opens (kubectl exec, port-forward). */
const NOT_LOADED_IDLE = [...NEVER_LOADED, 'ws'];

/** The packages (`name` or `@scope/name`) of every file Node's CommonJS loader reports loading. */
function packagesLoaded(logs: string): Set<string> {
  const packages = new Set<string>();
  for (const [, path] of logs.matchAll(/MODULE \d+: load "([^"]+)"/g)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path!);
    if (match) packages.add(match[1]!);
  }
  return packages;
}

describe('the modules the agent loads (real engine)', { timeout: 120_000 }, () => {
  const agents: AgentHarness[] = [];
  let rootDir: string;

  afterAll(async () => {
    for (const agent of agents) await agent.cleanup();
    if (rootDir) await rm(rootDir, { recursive: true, force: true });
  });

  it('loads none of the code it never calls, and not node-forge even to make its certificates', async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'minikubelet-e2e-modules-'));
    const first = await startAgent({ rootDir, env: { NODE_DEBUG: 'module' } });
    agents.push(first);
    await first.writeManifest('idle.yaml', runForeverPod('idle'));
    await waitForRunning(first, 'idle');
    const loaded = packagesLoaded(first.logs());
    // The check itself is live: Node did report the agent's loads.
    expect(loaded).toContain('dockerode');
    expect(loaded).toContain('prom-client');
    // The first start made the API certificates, in a child process.
    expect(first.logs()).toContain('Made API certificates');
    expect(loaded).not.toContain('node-forge');
    for (const name of NOT_LOADED_IDLE) expect(loaded, name).not.toContain(name);
    expect(first.logs()).not.toMatch(/prom-client\/lib\/metrics\/processCpuTotal\.js/);
    // prom-client's four classes, each from its own file, never its index (src/metrics/prom-client.ts).
    expect(first.logs()).toMatch(/prom-client\/lib\/counter\.js/);
    expect(first.logs()).not.toMatch(/prom-client\/index\.js/);
    // A WebSocket exec (the CLI's, as kubectl's): ws, with its native unmasking (bufferutil).
    expect((await first.cli(['exec', 'idle', '--', 'true'])).code).toBe(0);
    const streaming = packagesLoaded(first.logs());
    expect(streaming).toContain('ws');
    expect(streaming).toContain('bufferutil');
    await first.stop();

    // Restarted on the same root: the certificates are there and kept.
    const second = await startAgent({ rootDir, manifestDir: first.manifestDir, nodeName: first.nodeName, env: { NODE_DEBUG: 'module' } });
    agents.push(second);
    await waitForRunning(second, 'idle');
    const again = packagesLoaded(second.logs());
    expect(again).toContain('dockerode');
    expect(second.logs()).not.toContain('Made API certificates');
    expect(again).not.toContain('node-forge');
    for (const name of NOT_LOADED_IDLE) expect(again, name).not.toContain(name);
  });
});
