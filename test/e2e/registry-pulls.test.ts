import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { type LocalRegistry, startRegistry } from '../helpers/registry.js';
import { BUSYBOX, getPod, runForeverPod } from './pod-helpers.js';
import { freePort, sample } from '../helpers/read-only-port.js';

const run = promisify(execFile);

function pod(name: string, image: string, pullPolicy?: string): string {
  return runForeverPod(name, '', { image, ...(pullPolicy ? { pullPolicy } : {}) });
}

async function describeText(agent: AgentHarness, name: string): Promise<string> {
  return (await agent.cli(['describe', 'pod', name])).stdout;
}

async function removeLocal(ref: string): Promise<void> {
  await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
}

describe('image pulls from a real registry on 127.0.0.1', () => {
  let open: LocalRegistry;
  let locked: LocalRegistry;
  let agent: AgentHarness;
  let metricsUrl: string;
  const tag = `t${process.pid}`;

  beforeAll(async () => {
    [open, locked] = await Promise.all([startRegistry(), startRegistry({ user: 'alice', password: 'wonderland' })]);
    await open.push(BUSYBOX, `mk/busybox:${tag}`);
    await open.push(BUSYBOX, 'mk/untagged:latest');
    await locked.push(BUSYBOX, `mk/private:${tag}`);
    await open.push(BUSYBOX, `mk/shared:${tag}`);
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    agent = await startAgent({
      extraArgs: ['--image-credentials', join(locked.dockerConfigDir, 'config.json'), '--backoff-initial-seconds', '1', '--read-only-port', String(port)],
    });
  }, 180_000);
  afterAll(async () => {
    await agent?.cleanup();
    for (const r of [`${open?.host}/mk/busybox:${tag}`, `${open?.host}/mk/untagged:latest`, `${locked?.host}/mk/private:${tag}`, `${open?.host}/mk/shared:${tag}`]) await removeLocal(r);
    await Promise.all([open?.stop(), locked?.stop()]);
  });

  it('pulls a missing image with IfNotPresent, and then finds it present', async () => {
    const image = `${open.host}/mk/busybox:${tag}`;
    await agent.writeManifest('ifnp.yaml', pod('ifnp', image));
    await agent.waitFor(() => getPod(agent, 'ifnp'), { until: (p) => !!p?.status.containerStatuses[0]?.state.running, what: 'ifnp running' });
    expect(await describeText(agent, 'ifnp')).toMatch(new RegExp(`Successfully pulled image "${image.replace(/[.]/g, '\\.')}" in`));
    await agent.writeManifest('ifnp2.yaml', pod('ifnp2', image));
    await agent.waitFor(() => getPod(agent, 'ifnp2'), { until: (p) => !!p?.status.containerStatuses[0]?.state.running, what: 'ifnp2 running' });
    expect(await describeText(agent, 'ifnp2')).toMatch(/already present on machine/);
  });

  it('pulls an image once for three pods that need it at the same moment', async () => {
    const image = `${open.host}/mk/shared:${tag}`;
    const pulls = async () => sample(await (await fetch(metricsUrl)).text(), 'minikubelet_docker_operations_duration_seconds_count{operation="pull_image"}') ?? 0;
    const before = await pulls();
    const names = ['shared-0', 'shared-1', 'shared-2'];
    await Promise.all(names.map((n) => agent.writeManifest(`${n}.yaml`, pod(n, image))));
    for (const n of names) {
      await agent.waitFor(() => getPod(agent, n), { until: (p) => !!p?.status.containerStatuses[0]?.state.running, what: `${n} running` });
    }
    // One engine pull: the pods that asked while it ran shared it, any later one found the image present.
    expect((await pulls()) - before).toBe(1);
  });

  it('defaults an untagged image to :latest with pull policy Always', async () => {
    const image = `${open.host}/mk/untagged`;
    await agent.writeManifest('latest.yaml', pod('latest', image));
    const p = await agent.waitFor(() => getPod(agent, 'latest'), { until: (x) => !!x?.status.containerStatuses[0]?.state.running, what: 'latest running' });
    expect(p!.spec.containers[0]!.imagePullPolicy).toBe('Always');
    expect(await describeText(agent, 'latest')).toMatch(/Pulling image/);
  });

  it('needs the node credentials for a registry with a password, and uses them', async () => {
    const image = `${locked.host}/mk/private:${tag}`;
    await agent.writeManifest('private.yaml', pod('private', image, 'Always'));
    await agent.waitFor(() => getPod(agent, 'private'), { until: (x) => !!x?.status.containerStatuses[0]?.state.running, what: 'private running with credentials' });
    // Without credentials the same pull is refused: a second agent with no --image-credentials.
    await removeLocal(image);
    const bare = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1'] });
    try {
      await bare.writeManifest('private.yaml', pod('private', image, 'Always'));
      const refused = await bare.waitFor(() => getPod(bare, 'private'), {
        until: (x) => ['ErrImagePull', 'ImagePullBackOff'].includes(x?.status.containerStatuses[0]?.state.waiting?.reason ?? ''),
        what: 'private refused without credentials',
      });
      expect(refused!.status.containerStatuses[0]!.state.waiting!.message).toMatch(/Failed to pull image|Back-off pulling image/);
      expect(await describeText(bare, 'private')).toMatch(/no basic auth credentials|unauthorized|authentication required/i);
    } finally {
      await bare.cleanup();
    }
  });

  it('uses the pod imagePullSecrets, from a Secret in the manifest directory, and says which secret it could not read', async () => {
    const image = `${locked.host}/mk/private:${tag}`;
    await removeLocal(image);
    const bare = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1'] });
    try {
      const dockerconfigjson = JSON.stringify({ auths: { [locked.host]: { auth: Buffer.from('alice:wonderland').toString('base64') } } });
      await bare.writeManifest('pull-secret.yaml', `apiVersion: v1
kind: Secret
metadata:
  name: regcred
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${Buffer.from(dockerconfigjson).toString('base64')}
`);
      await bare.writeManifest('with-secret.yaml', `${pod('with-secret', image, 'Always')}  imagePullSecrets:
  - name: missing
  - name: regcred
`);
      await bare.waitFor(() => getPod(bare, 'with-secret'), { until: (x) => !!x?.status.containerStatuses[0]?.state.running, what: 'with-secret running with the pod pull secret' });
      expect(await describeText(bare, 'with-secret')).toMatch(/FailedToRetrieveImagePullSecret.*Unable to retrieve some image pull secrets \(default\/missing\)/);
    } finally {
      await bare.cleanup();
    }
  });
});
