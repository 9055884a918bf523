import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient, listNodeContainers } from '../helpers/docker.js';
import { BUSYBOX } from './pod-helpers.js';

const MI = 2 ** 20;
/** Per container: 1Mi × 3 files; the node: 2Mi in all (less than one container may keep). */
const MAX_SIZE = MI;
const MAX_FILES = 3;
const CAP = 2 * MI;
/** json-file checks the size before a write: a file may pass max-size by one entry (a 16 KiB line, JSON-escaped). */
const ENTRY_SLACK = 64 * 1024;

const FLOOD = `apiVersion: v1
kind: Pod
metadata:
  name: flood
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "head -c 1000m /dev/zero | tr '\\\\0' x; echo; echo flood-done; trap 'exit 0' TERM; while true; do sleep 1; done"]
`;

/** Every log file of the node's containers (live and rotated), in bytes: the total and the largest container's. */
async function logBytes(nodeName: string): Promise<{ total: number; perContainer: number }> {
  const docker = dockerClient();
  let total = 0;
  let perContainer = 0;
  for (const c of await listNodeContainers(nodeName, docker)) {
    const info = await docker.getContainer(c.Id).inspect().catch(() => undefined);
    if (!info?.LogPath) continue;
    let mine = 0;
    for (let i = 0; i < MAX_FILES; i++) mine += (await stat(i === 0 ? info.LogPath : `${info.LogPath}.${i}`).catch(() => undefined))?.size ?? 0;
    total += mine;
    perContainer = Math.max(perContainer, mine);
  }
  return { total, perContainer };
}

/**
 * Issue 17 §3 / user asks F.32: a container writing 1 GB of logs as fast as it can stays within the
 * per-container rotation at every moment and, once the node's log cap has had a pass, within the
 * node-wide cap; `logs` still reads the end of it, without NUL bytes.
 */
describe('the container log bound: a 1 GB writer (real engine)', { timeout: 300_000 }, () => {
  let agent: AgentHarness;
  beforeAll(async () => {
    agent = await startAgent({
      extraArgs: ['--container-log-max-size', '1Mi', '--container-log-max-files', String(MAX_FILES), '--container-log-max-total-size', '2Mi'],
    });
    await agent.writeManifest('flood.yaml', FLOOD);
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('stays within the rotation while writing and within the node cap after, with logs intact', async () => {
    const started = Date.now();
    let peak = 0;
    const tail = await agent.waitFor(
      async () => {
        peak = Math.max(peak, (await logBytes(agent.nodeName)).perContainer);
        return (await agent.cli(['logs', 'flood', '--tail', '1'])).stdout;
      },
      { until: (out) => out.trim() === 'flood-done', what: 'the flood to finish', timeoutMs: 240_000, intervalMs: 500 },
    );
    const writtenInMs = Date.now() - started;
    expect(tail).not.toContain('\0');
    expect(peak).toBeLessThanOrEqual(MAX_SIZE * MAX_FILES + ENTRY_SLACK);
    // The cap's next pass (every 10 s) brings the node under it.
    const after = await agent.waitFor(() => logBytes(agent.nodeName), { until: (b) => b.total <= CAP, what: `node logs under ${CAP} bytes`, timeoutMs: 30_000 });
    console.log(`1 GB written in ${writtenInMs} ms; peak per container ${peak} bytes; node total after the cap ${after.total} bytes`);
    expect(agent.logs()).toContain('Container logs over the node cap: deleting the oldest rotated log files');
  });
});
