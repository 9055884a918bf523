import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient } from '../helpers/docker.js';
import { restartEngine } from '../helpers/engine-control.js';
import { getPod, initThenRunForeverPod, podContainers, waitForRunning } from '../e2e/pod-helpers.js';

const DAEMON_JSON = '/etc/docker/daemon.json';

// An exec liveness probe every second: while the engine is away its runs error, and a prober error
// is thrown away (kubelet worker.go), never counted as a failure that would kill the container.
const POD = initThenRunForeverPod(
  'kept',
  `    livenessProbe:
      exec: { command: ["true"] }
      periodSeconds: 1
      failureThreshold: 1
`,
);

/** Turns the engine's live-restore on or off: daemon.json, then SIGHUP (a reloadable option). */
async function setLiveRestore(on: boolean, original: string | undefined): Promise<void> {
  // dockerd reloads only from a file that exists: turning it off writes `false` first, and the
  // original file (or none) comes back once the engine has taken it.
  const settings = { ...(original ? (JSON.parse(original) as object) : {}), 'live-restore': on };
  await writeFile(DAEMON_JSON, `${JSON.stringify(settings, null, 2)}\n`);
  const pid = Number((await readFile('/var/run/docker.pid', 'utf8')).trim());
  process.kill(pid, 'SIGHUP');
  let applied = false;
  for (let i = 0; i < 50 && !applied; i++) {
    applied = (await dockerClient().info()).LiveRestoreEnabled === on;
    if (!applied) await new Promise((r) => setTimeout(r, 100));
  }
  if (!on) {
    if (original === undefined) await rm(DAEMON_JSON, { force: true });
    else await writeFile(DAEMON_JSON, original);
  }
  if (!applied) throw new Error(`the engine did not turn live-restore ${on ? 'on' : 'off'} after SIGHUP`);
}

describe('the Docker engine restarted with live-restore on', () => {
  let agent: AgentHarness;
  let original: string | undefined;

  beforeAll(async () => {
    original = await readFile(DAEMON_JSON, 'utf8').catch(() => undefined);
    await setLiveRestore(true, original);
    agent = await startAgent({ extraArgs: ['--relist-seconds', '2', '--backoff-initial-seconds', '1'] });
    await agent.writeManifest('kept.yaml', POD);
    await waitForRunning(agent, 'kept');
  });
  afterAll(async () => {
    await setLiveRestore(false, original);
    await agent?.cleanup();
  });

  it('leaves the running containers alone: same sandbox and containers, no restart, no init re-run', { timeout: 240_000 }, async () => {
    const ids = async () => (await podContainers(agent.nodeName, 'kept')).map((c) => `${c.Labels['io.kubernetes.container.name']}:${c.Id}:${c.State}`).sort();
    const before = await ids();
    const logLength = agent.logs().length;
    await restartEngine();
    // The agent saw the outage and reconnected, then relisted.
    await agent.waitFor(() => agent.logs().slice(logLength), { until: (text) => /Lost the Docker events stream; reconnecting/.test(text), what: 'the events stream lost' });
    await agent.waitFor(() => agent.logs().slice(logLength), { until: (text) => text.includes('Relisted containers after reconnecting to the Docker engine'), timeoutMs: 90_000, what: 'the agent back on the engine' });
    // A few relists and probe periods later, nothing has changed.
    await new Promise((r) => setTimeout(r, 6000));
    expect(await ids()).toEqual(before);
    const pod = (await getPod(agent, 'kept'))!;
    expect(pod.status.containerStatuses[0]!.restartCount).toBe(0);
    expect(pod.status.containerStatuses[0]!.state.running).toBeDefined();
    expect(agent.running).toBe(true);
  });
});
