/**
 * A projected `serviceAccountToken` volume of an API pod: the agent asks the real API server's
 * TokenRequest for a token bound to the pod (with its `system:node` identity, as the Node
 * authorizer allows for pods bound to the node), mounts it, and the API server accepts it back
 * (TokenReview) for the audience asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/agent-harness.js';
import { apiPods, nodeReady, startClusterNode, type ClusterNode } from '../helpers/cluster-node.js';
import { controlPlaneSkipReason, startControlPlane, type ControlPlane } from '../helpers/control-plane.js';

const skip = controlPlaneSkipReason();
if (skip) console.warn(`[cluster] skipping the service account token test: ${skip}`);

const POD = (nodeName: string) => `apiVersion: v1
kind: Pod
metadata:
  name: token-user
  labels: { app: token-user }
spec:
  nodeName: ${nodeName}
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: minikubelet/busybox:1.35
    imagePullPolicy: Never
    command: ["sleep", "3600"]
    volumeMounts:
    - { name: bound, mountPath: /var/run/secrets/tokens }
  volumes:
  - name: bound
    projected:
      sources:
      - serviceAccountToken: { audience: minikubelet-test, expirationSeconds: 600, path: token }
`;

describe.skipIf(skip !== undefined)('projected service account tokens in node mode', () => {
  let cp: ControlPlane;
  let node: ClusterNode | undefined;
  const name = `token-${Math.random().toString(16).slice(2, 8)}`;

  beforeAll(async () => {
    cp = await startControlPlane();
    node = await startClusterNode(cp, name);
    await waitFor(() => nodeReady(cp, name), { until: (s) => s === 'True', what: 'node Ready', timeoutMs: 90_000 });
  });
  afterAll(async () => {
    await node?.agent.cleanup();
    await cp?.stop();
  });

  it('mounts a token bound to the pod, for the audience asked, that the API server accepts', async () => {
    const created = await cp.kubectl.runWithInput(['apply', '-f', '-'], POD(name));
    expect(created.code, created.stderr).toBe(0);
    const [pod] = await waitFor(() => apiPods(cp, 'app=token-user'), { until: (ps) => ps[0]?.status.containerStatuses?.[0]?.ready === true, what: 'the pod Ready in the API', timeoutMs: 120_000 });
    const read = await cp.kubectl.run(['exec', 'token-user', '--', 'cat', '/var/run/secrets/tokens/token']);
    expect(read.code, read.stderr).toBe(0);
    const token = read.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { aud: string[]; exp: number; iat: number; 'kubernetes.io': { pod: { name: string; uid: string } } };
    expect(claims.aud).toEqual(['minikubelet-test']);
    expect(claims['kubernetes.io'].pod).toEqual({ name: 'token-user', uid: pod!.metadata.uid });
    expect(claims.exp - claims.iat).toBe(600);
    const review = await cp.kubectl.runWithInput(['create', '-o', 'json', '-f', '-'], JSON.stringify({
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token, audiences: ['minikubelet-test'] },
    }));
    expect(review.code, review.stderr).toBe(0);
    const status = (JSON.parse(review.stdout) as { status: { authenticated?: boolean; user?: { username: string } } }).status;
    expect(status.authenticated).toBe(true);
    expect(status.user?.username).toBe('system:serviceaccount:default:default');
  });

  it('refuses one in a static pod of the directory, saying where a token comes from', async () => {
    await node!.agent.writeManifest('static-token.yaml', POD(name).replace(`  nodeName: ${name}\n`, '').replace('name: token-user', 'name: static-token'));
    const validated = await node!.agent.cli(['validate', `${node!.agent.manifestDir}/static-token.yaml`]);
    expect(validated.code).not.toBe(0);
    const described = validated.stdout + validated.stderr;
    expect(described).toContain('spec.volumes[0].projected.sources[0].serviceAccountToken');
    expect(described).toMatch(/a static pod cannot have a service account token/);
  });
});
