/**
 * The real kubectl against a running agent's HTTPS API (issue 15: serving, discovery, reads,
 * watch, logs): every command below is /usr/bin/kubectl itself, with the kubeconfig
 * `minikubelet kubeconfig` prints.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { hasKubectl, Kubectl, KUBECTL } from '../helpers/kubectl-runner.js';
import { BUSYBOX, runForeverPod, waitForRunning } from './pod-helpers.js';

const WEB = `
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: setup
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo setup-done"]
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done"]
`;

/** Prints its attempt and fails at once: restarts, so `logs --previous` has an instance to read. */
const CRASHER = `
apiVersion: v1
kind: Pod
metadata:
  name: crasher
  labels: {app: crasher}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo attempt-$(cat /proc/sys/kernel/random/uuid); exit 3"]
`;

const skipMessage = `kubectl e2e (skipped: no kubectl at ${KUBECTL}; install kubectl 1.32 or set $KUBECTL to run these)`;

describe.skipIf(!hasKubectl)(hasKubectl ? 'the real kubectl against a running agent' : skipMessage, () => {
  let agent: AgentHarness;
  let kubectl: Kubectl;
  let work: string;
  let server: string;

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1', '--backoff-max-seconds', '2'] });
    await agent.writeManifest('web.yaml', WEB);
    await agent.writeManifest('crasher.yaml', CRASHER);
    work = await mkdtemp(join(tmpdir(), 'minikubelet-kubectl-'));
    // The kubeconfig as a user gets it: `minikubelet kubeconfig > file`.
    const printed = await agent.cli(['kubeconfig']);
    expect(printed.code, printed.stderr).toBe(0);
    await writeFile(join(work, 'config'), printed.stdout);
    server = /server: (https:\/\/\S+)/.exec(printed.stdout)![1]!;
    kubectl = new Kubectl(join(work, 'config'), join(work, 'cache'));
    await waitForRunning(agent, 'web');
  });
  afterAll(async () => {
    await agent?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('get pods prints kubectl’s table, -o wide its extra columns', async () => {
    const plain = await kubectl.run(['get', 'pods']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(plain.stdout).toMatch(/^web\s+1\/1\s+Running\s+0\s+\d+s$/m);
    const wide = await kubectl.run(['get', 'pods', '-o', 'wide']);
    expect(wide.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/);
    expect(wide.stdout).toMatch(new RegExp(`^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+\\d+\\.\\d+\\.\\d+\\.\\d+\\s+${agent.nodeName}\\s+<none>\\s+<none>$`, 'm'));
    // No discovery or skew warnings on stderr.
    expect(plain.stderr).toBe('');
  });

  it('get -o yaml and -o json print the whole pod with a resourceVersion', async () => {
    const yaml = await kubectl.run(['get', 'pod', 'web', '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/^kind: Pod$/m);
    expect(yaml.stdout).toMatch(/resourceVersion: "\d+"/);
    expect(yaml.stdout).toContain(`nodeName: ${agent.nodeName}`);
    const list = JSON.parse((await kubectl.run(['get', 'pods', '-o', 'json'])).stdout) as { kind: string; metadata: { resourceVersion: string } };
    expect(list.kind).toBe('List');
    const missing = await kubectl.run(['get', 'pod', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "nope" not found');
  });

  it('selects by label (equality and sets) and by field', async () => {
    const names = async (...args: string[]) => (await kubectl.run(['get', 'pods', '-o', 'name', ...args])).stdout.trim().split('\n').filter(Boolean).sort();
    expect(await names('-l', 'app=web')).toEqual(['pod/web']);
    expect(await names('-l', 'app in (web,crasher)')).toEqual(['pod/crasher', 'pod/web']);
    expect(await names('-l', 'app notin (web)')).toEqual(['pod/crasher']);
    expect(await names('-l', '!tier')).toEqual(['pod/crasher']);
    expect(await names('--field-selector', `status.phase=Running,spec.nodeName=${agent.nodeName}`)).toContain('pod/web');
    expect(await names('--field-selector', 'metadata.name=web')).toEqual(['pod/web']);
    const bad = await kubectl.run(['get', 'pods', '--field-selector', 'spec.image=x']);
    expect(bad.stderr).toContain('field label not supported: spec.image');
  });

  it('get -w prints a pod that appears, as it starts', async () => {
    const watch = kubectl.start(['get', 'pods', '-w']);
    try {
      await agent.waitFor(() => watch.output().includes('web'), { what: 'the watch listing web', timeoutMs: 20_000 });
      await agent.writeManifest('late.yaml', runForeverPod('late'));
      await agent.waitFor(() => /^late\s+1\/1\s+Running/m.test(watch.output()), { what: 'get -w showing late Running', timeoutMs: 60_000 });
    } finally {
      watch.stop();
    }
  });

  it('wait --for=condition=Ready, --for=jsonpath and --for=delete', async () => {
    await agent.writeManifest('waited.yaml', runForeverPod('waited'));
    // As with the API server, wait needs the object to exist: the agent reads the file first.
    await agent.waitFor(async () => (await kubectl.run(['get', 'pod', 'waited'])).code === 0, { what: 'pod waited listed', timeoutMs: 20_000 });
    const ready = await kubectl.run(['wait', '--for=condition=Ready', 'pod/waited', '--timeout=60s'], 70_000);
    expect(ready.stdout + ready.stderr).toContain('pod/waited condition met');
    const phase = await kubectl.run(['wait', '--for=jsonpath={.status.phase}=Running', 'pod/waited', '--timeout=30s'], 40_000);
    expect(phase.code, phase.stderr).toBe(0);
    await agent.removeManifest('waited.yaml');
    const deleted = await kubectl.run(['wait', '--for=delete', 'pod/waited', '--timeout=60s'], 70_000);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await kubectl.run(['get', 'pod', 'waited'])).stderr).toContain('pods "waited" not found');
  });

  it('describe pod shows the pod’s events; describe node its pods', async () => {
    const pod = await kubectl.run(['describe', 'pod', 'web']);
    expect(pod.code, pod.stderr).toBe(0);
    expect(pod.stdout).toMatch(/^Status:\s+Running$/m);
    expect(pod.stdout).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/m);
    expect(pod.stdout).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container main/);
    const node = await kubectl.run(['describe', 'node', agent.nodeName]);
    expect(node.code, node.stderr).toBe(0);
    expect(node.stdout).toMatch(/^Non-terminated Pods:/m);
    expect(node.stdout).toMatch(/default\s+web\s/);
  });

  it('get events in core/v1 and events.k8s.io/v1, get nodes and namespaces', async () => {
    const events = await kubectl.run(['get', 'events']);
    expect(events.stdout).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
    expect(events.stdout).toMatch(/Normal\s+Started\s+pod\/web\s+Started container main/);
    const v1 = await kubectl.run(['get', 'events.v1.events.k8s.io', '-o', 'json']);
    expect(v1.stdout).toContain('"apiVersion": "events.k8s.io/v1"');
    const nodes = await kubectl.run(['get', 'nodes', '-o', 'wide']);
    expect(nodes.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME\n/);
    expect(nodes.stdout).toMatch(new RegExp(`^${agent.nodeName}\\s+Ready\\s`, 'm'));
    expect((await kubectl.run(['get', 'ns'])).stdout).toMatch(/^default\s+Active/m);
  });

  it('logs: --tail, -c, --all-containers, --limit-bytes, --timestamps', async () => {
    const tail = await kubectl.run(['logs', 'web', '--tail', '1']);
    expect(tail.stdout).toMatch(/^tick-\d+\n$/);
    expect((await kubectl.run(['logs', 'web', '-c', 'setup'])).stdout).toBe('setup-done\n');
    const all = await kubectl.run(['logs', 'web', '--all-containers', '--tail', '1']);
    // kubectl keeps the containers' requests in a Go map: their order varies.
    expect(all.stdout.trim().split('\n').sort()).toEqual(['setup-done', expect.stringMatching(/^tick-\d+$/) as unknown]);
    expect((await kubectl.run(['logs', 'web', '--limit-bytes', '5'])).stdout).toBe('tick-');
    expect((await kubectl.run(['logs', 'web', '--tail', '1', '--timestamps'])).stdout).toMatch(/^\d{4}-\d\d-\d\dT\S+Z tick-\d+\n$/);
  });

  it('logs -f follows new lines', async () => {
    const follow = kubectl.start(['logs', '-f', 'web', '--tail', '1']);
    try {
      const first = await agent.waitFor(() => /tick-(\d+)/.exec(follow.output())?.[1], { what: 'a first line', timeoutMs: 20_000 });
      await agent.waitFor(() => follow.output().includes(`tick-${Number(first) + 2}`), { what: 'two more lines followed', timeoutMs: 20_000 });
    } finally {
      follow.stop();
    }
  });

  it('logs --previous reads the instance before the restart', async () => {
    await agent.waitFor(async () => (await kubectl.run(['get', 'pod', 'crasher', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])).stdout, {
      until: (count) => Number(count) >= 2,
      what: 'crasher restarted twice',
    });
    // STATUS as kubectl's printer computes it, from the server's Table.
    expect((await kubectl.run(['get', 'pod', 'crasher'])).stdout).toMatch(/^crasher\s+0\/1\s+(CrashLoopBackOff|Error|Completed)\s+\d+ \(\S+ ago\)\s/m);
    // The newest instance may have just started and printed nothing yet: ask until both have spoken.
    const [previous, current] = await agent.waitFor(
      async () => Promise.all([kubectl.run(['logs', 'crasher', '--previous']), kubectl.run(['logs', 'crasher'])]).then((r) => r.map((x) => x.stdout)),
      { until: ([p, c]) => /^attempt-[0-9a-f-]{36}\n$/.test(p!) && /^attempt-[0-9a-f-]{36}\n$/.test(c!), what: 'logs of the previous and the current instance', timeoutMs: 30_000 },
    );
    expect(previous).not.toBe(current);
  });

  it('explain pod reads the OpenAPI v3 schema of the fields minikubelet runs', async () => {
    const explain = await kubectl.run(['explain', 'pod.spec.containers']);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toMatch(/^KIND:\s+Pod$/m);
    expect(explain.stdout).toMatch(/^\s+livenessProbe\s+<Object>$/m);
  });

  it('refuses writes to what the directory does not hold (the node) with MethodNotAllowed; apply --dry-run=server writes nothing', async () => {
    const del = await kubectl.run(['delete', 'node', agent.nodeName, '--wait=false']);
    expect(del.code).toBe(1);
    expect(del.stderr).toContain('MethodNotAllowed');
    // Pods are written to the directory (test/e2e/kubectl-writes.test.ts); a server-side dry run
    // passes validation (left to the server, as the OpenAPI says) and leaves the file as it was.
    const before = await readFile(join(agent.manifestDir, 'web.yaml'), 'utf8');
    const apply = await kubectl.run(['apply', '--dry-run=server', '-f', join(agent.manifestDir, 'web.yaml')]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).not.toContain('failed to download openapi');
    expect(await readFile(join(agent.manifestDir, 'web.yaml'), 'utf8')).toBe(before);
    expect((await kubectl.run(['get', 'pod', 'web'])).stdout).toMatch(/web\s+1\/1\s+Running/);
  });

  it('answers a request without a client certificate with 401 in the Status shape', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server}/api/v1/pods`, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('keeps its keys private, and its CA and resourceVersions across a restart', async () => {
    for (const file of ['pki/ca.key', 'pki/apiserver.key', 'pki/admin.key', 'kubeconfig']) {
      expect((await stat(join(agent.rootDir, file))).mode & 0o777, file).toBe(0o600);
    }
    const ca = await readFile(join(agent.rootDir, 'pki/ca.crt'), 'utf8');
    // --raw: the PodList itself (kubectl's -o json builds its own List without a version).
    const listVersion = async (k: Kubectl) => Number((JSON.parse((await k.run(['get', '--raw', '/api/v1/pods'])).stdout) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    const before = await listVersion(kubectl);
    expect(before).toBeGreaterThan(0);
    await agent.stop();
    const again = await startAgent({ manifestDir: agent.manifestDir, rootDir: agent.rootDir, nodeName: agent.nodeName });
    try {
      expect(await readFile(join(agent.rootDir, 'pki/ca.crt'), 'utf8')).toBe(ca);
      // A new port (--api-port 0): the kubeconfig the agent rewrote names it, with the same CA and client.
      const restarted = new Kubectl(join(agent.rootDir, 'kubeconfig'), join(work, 'cache'));
      expect((await restarted.run(['get', 'pods'])).stdout).toMatch(/^web\s/m);
      expect(await listVersion(restarted)).toBeGreaterThan(before);
    } finally {
      await again.cleanup();
    }
  });
});
