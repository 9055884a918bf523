import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { derivedServiceRange } from '../../src/services/derived-service-range.js';
import { REPO_ROOT, runCli, waitFor } from '../helpers/agent-harness.js';
import { freePort } from '../helpers/read-only-port.js';
import { dockerClient, removeNodeContainers } from '../helpers/docker.js';
import { BUSYBOX } from './pod-helpers.js';

const AGENT_IMAGE = 'minikubelet/agent:0.1.0';
/** Marks the agent's own container, so the test removes it by label whatever happens. */
const AGENT_LABEL = 'minikubelet.io/e2e-agent-image';

/** Two containers sharing an emptyDir: the volume lives under the root dir, a host path. */
const SHARED = `
apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: data
    emptyDir: {}
  containers:
  - name: writer
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo written-by-writer > /data/msg; trap 'exit 0' TERM; while true; do sleep 1; done"]
    volumeMounts: [{ name: data, mountPath: /data }]
  - name: reader
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
    volumeMounts: [{ name: data, mountPath: /data }]
`;

describe('the agent container image', () => {
  const nodeName = `e2e-image-${randomBytes(4).toString('hex')}`;
  let dir: string | undefined;

  afterAll(async () => {
    const docker = dockerClient();
    const agents = await docker.listContainers({ all: true, filters: { label: [`${AGENT_LABEL}=${nodeName}`] } });
    await Promise.all(agents.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    await removeNodeContainers(nodeName);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // The image build reuses dist/ (built by `npm test` before vitest) and the production
  // dependencies cached per package-lock.json, so it is mostly `docker build`.
  it('builds from a locally imported base and runs a pod through the containerised agent', { timeout: 300_000 }, async () => {
    await promisify(execFile)('bash', ['scripts/build-agent-image.sh'], { cwd: REPO_ROOT, timeout: 200_000 });

    dir = await mkdtemp(join(tmpdir(), 'minikubelet-image-'));
    const manifests = join(dir, 'manifests');
    const root = join(dir, 'root');
    await mkdir(manifests);
    await writeFile(join(manifests, 'shared.yaml'), SHARED);
    const port = await freePort();
    const docker = dockerClient();
    // As the README runs it: the engine's socket, the dirs at the same paths, the host's network.
    const agent = await docker.createContainer({
      Image: AGENT_IMAGE,
      name: `minikubelet-${nodeName}`,
      Labels: { [AGENT_LABEL]: nodeName },
      Cmd: ['run', '--manifest-dir', manifests, '--root-dir', root, '--node-name', nodeName, '--read-only-port', String(port), '--api-port', '0', '--service-cluster-ip-range', derivedServiceRange(nodeName).text],
      HostConfig: { NetworkMode: 'host', Binds: ['/var/run/docker.sock:/var/run/docker.sock', '/sys/fs/cgroup:/sys/fs/cgroup', `${dir}:${dir}`] },
    });
    await agent.start();
    const agentLogs = async () => String(await agent.logs({ stdout: true, stderr: true, tail: 30 }));

    const pods = await waitFor(
      async () => {
        const result = await runCli(['get', 'pods', '-o', 'json', '--root-dir', root]);
        const items = (JSON.parse(result.stdout) as { items: { status: { containerStatuses?: { ready: boolean }[] } }[] }).items;
        const ready = items[0]?.status.containerStatuses;
        return ready?.length === 2 && ready.every((c) => c.ready) ? items : undefined;
      },
      { timeoutMs: 90_000, what: 'pod shared Running through the containerised agent' },
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}\nAgent container logs:\n${await agentLogs()}`);
    });
    expect(pods).toHaveLength(1);

    // The emptyDir the agent made inside its container is the host path the engine mounted.
    const exec = await runCli(['exec', 'shared', '-c', 'reader', '--root-dir', root, '--', 'cat', '/data/msg']);
    expect(exec).toMatchObject({ code: 0, stdout: 'written-by-writer\n' });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});
