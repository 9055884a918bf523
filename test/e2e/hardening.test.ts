import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_CONTAINER_NAME, LABEL_NODE_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID } from '../../src/runtime/labels.js';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient, forceRemove, inspect } from '../helpers/docker.js';
import { freePort } from '../helpers/read-only-port.js';
import { BUSYBOX, getPod, runForeverPod, waitForRunning } from './pod-helpers.js';

/** Issue 17 §6: each an attempt to get in that fails. */
describe('hardening: labels, directories, host paths, the read-only port (real engine)', { timeout: 180_000 }, () => {
  let agent: AgentHarness;
  let outside: string;
  let port: number;

  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), 'minikubelet-e2e-outside-'));
    await mkdir(join(outside, 'allowed', 'data'), { recursive: true });
    await mkdir(join(outside, 'secret'));
    await symlink(join(outside, 'secret'), join(outside, 'allowed', 'escape'));
    port = await freePort();
    agent = await startAgent({
      extraArgs: ['--relist-seconds', '1', '--read-only-port', String(port), '--allowed-host-paths', join(outside, 'allowed')],
    });
  });
  afterAll(async () => {
    await agent?.cleanup();
    await rm(outside, { recursive: true, force: true });
  });

  it('never removes a path a Docker label points outside its root dir: such a container is not one of its pods', async () => {
    const canary = join(outside, 'canary');
    await writeFile(canary, 'still here');
    // `<root>/pods/<uid>` would be the canary's directory: what a removal of that "pod" would delete.
    const uid = relative(join(agent.rootDir, 'pods'), outside);
    const planted = await dockerClient().createContainer({
      Image: BUSYBOX,
      Cmd: ['sleep', '300'],
      Labels: { [LABEL_NODE_NAME]: agent.nodeName, [LABEL_POD_UID]: uid, [LABEL_POD_NAME]: 'planted', [LABEL_POD_NAMESPACE]: 'default', [LABEL_CONTAINER_NAME]: 'x' },
    });
    try {
      await planted.start();
      await new Promise((r) => setTimeout(r, 3000)); // a few relists
      expect((await stat(canary)).isFile()).toBe(true);
      expect((await inspect(planted.id))?.State.Running).toBe(true);
      expect(agent.running).toBe(true);
    } finally {
      await forceRemove(planted.id);
    }
  });

  it('keeps its root dir and pod directories from other users (0750), and redacts env values and host paths on the read-only port', async () => {
    await agent.writeManifest('private.yaml', runForeverPod('private', `  volumes:
  - name: data
    hostPath: { path: ${join(outside, 'allowed', 'data')}, type: Directory }
  - name: scratch
    emptyDir: {}`).replace('    command:', '    env: [{ name: PASSWORD, value: hunter2 }]\n    volumeMounts: [{ name: data, mountPath: /data }, { name: scratch, mountPath: /scratch }]\n    command:'));
    const pod = await waitForRunning(agent, 'private');
    expect((await stat(agent.rootDir)).mode & 0o777).toBe(0o750);
    expect((await stat(join(agent.rootDir, 'pods'))).mode & 0o777).toBe(0o750);
    expect((await stat(join(agent.rootDir, 'pods', pod.metadata.uid))).mode & 0o777).toBe(0o750);
    const body = await (await fetch(`http://127.0.0.1:${port}/pods`)).text();
    expect(body).toContain('"name":"private"');
    expect(body).not.toContain('hunter2');
    expect(body).not.toContain(basename(outside));
    expect(body).toContain('<redacted>');
  });

  it('refuses a hostPath under an allowed prefix that is a symlink leading out of it', async () => {
    await agent.writeManifest('escape.yaml', runForeverPod('escape', `  volumes:
  - name: data
    hostPath: { path: ${join(outside, 'allowed', 'escape')} }`).replace('    command:', '    volumeMounts: [{ name: data, mountPath: /data }]\n    command:'));
    const pod = await agent.waitFor(() => getPod(agent, 'escape'), {
      until: (p) => p?.status.containerStatuses[0]?.state.waiting?.reason === 'CreateContainerConfigError',
      what: 'escape waiting in CreateContainerConfigError',
    });
    expect(pod!.status.containerStatuses[0]!.state.waiting!.message).toContain(`resolves to ${join(outside, 'secret')}, which is not under the allowed host paths`);
  });
});
