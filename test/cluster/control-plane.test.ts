/**
 * The harness itself: a real control plane comes up on loopback with working controllers (the
 * token controller, or a Deployment never gets a pod) and hands out node identities the Node
 * authorizer scopes. What node mode is tested against in the other files here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/agent-harness.js';
import { Kubectl } from '../helpers/kubectl-runner.js';
import { controlPlaneSkipReason, startControlPlane, type ControlPlane } from '../helpers/control-plane.js';

const skip = controlPlaneSkipReason();
if (skip) console.warn(`[cluster] skipping the control plane tests: ${skip}`);

describe.skipIf(skip !== undefined)('control plane harness', () => {
  let cp: ControlPlane;
  beforeAll(async () => {
    cp = await startControlPlane();
  });
  afterAll(async () => {
    await cp?.stop();
  });

  it('serves the API with Node,RBAC and NodeRestriction, and its controllers create pods', async () => {
    const version = await cp.kubectl.run(['version', '-o', 'json']);
    expect(version.code, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout).serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    const created = await cp.kubectl.run(['create', 'deployment', 'harness', '--image=minikubelet/busybox:1.35']);
    expect(created.code, created.stderr).toBe(0);
    // No node yet: the pod exists, unscheduled, and carries the service account token volume.
    const pod = await waitFor(async () => {
      const r = await cp.kubectl.run(['get', 'pods', '-l', 'app=harness', '-o', 'json']);
      return (JSON.parse(r.stdout) as { items: { spec: { volumes?: { name: string }[] }; status: { phase: string } }[] }).items[0];
    }, { what: 'the Deployment\'s pod', timeoutMs: 60_000 });
    expect(pod.status.phase).toBe('Pending');
    expect(pod.spec.volumes?.some((v) => v.name.startsWith('default-token-'))).toBe(true);
  });

  it('gives a node identity the Node authorizer scopes to its own objects', async () => {
    const node = new Kubectl(await cp.nodeKubeconfig('cp-harness-node'), `${cp.dir}/node-cache`);
    const own = await node.run(['auth', 'can-i', 'create', 'nodes']);
    expect(own.stdout.trim()).toBe('yes');
    // A node may not read Secrets no pod on it references, nor delete Nodes.
    const secrets = await node.run(['auth', 'can-i', 'list', 'secrets', '-A']);
    expect(secrets.stdout.trim()).toMatch(/^no\b/);
    const del = await node.run(['auth', 'can-i', 'delete', 'nodes']);
    expect(del.stdout.trim()).toMatch(/^no\b/);
  });
});
