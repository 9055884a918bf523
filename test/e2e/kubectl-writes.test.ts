/**
 * Writes through the real kubectl go to the manifest directory (issue 15 §4–5): apply, create,
 * replace, label, annotate, patch (three flavours), delete (grace period, force), wait
 * --for=delete; and the refusals (422 with causes, immutable fields, 409 on a stale
 * resourceVersion, 401 without credentials, server-side apply) leave the directory byte for byte.
 * Every command is /usr/bin/kubectl itself; effects are checked in the directory and the engine.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { dockerClient } from '../helpers/docker.js';
import { hasKubectl, Kubectl, KUBECTL } from '../helpers/kubectl-runner.js';
import { BUSYBOX, podContainers } from './pod-helpers.js';

const RUN_FOREVER = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;

function twoContainerPod(name: string, sideImage: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ${RUN_FOREVER}
  - name: side
    image: ${sideImage}
    command: ${RUN_FOREVER}
${extra}`;
}

/** A hand-written file: comments, flow style, three documents. */
const STACK_CONFIG = `# A hand-written stack: a ConfigMap and two pods.
apiVersion: v1
kind: ConfigMap
metadata: {name: stack-config}   # keep this comment
data:
  mode: "fast"
`;
const STACK_ALPHA = `---
apiVersion: v1
kind: Pod
metadata:
  name: alpha   # the first pod
  labels: {app: alpha}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ${RUN_FOREVER}
`;
const STACK_BETA = `---
apiVersion: v1
kind: Pod
metadata: {name: beta, labels: {app: beta}}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: "${BUSYBOX}", command: ${RUN_FOREVER}}]
`;

/** Runs a host tool; its exit code (-1 when it cannot be run). */
function runTool(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.on('error', () => resolve(-1));
    child.on('close', (code) => resolve(code ?? -1));
  });
}

const skipMessage = `kubectl writes e2e (skipped: no kubectl at ${KUBECTL}; install kubectl 1.32 or set $KUBECTL to run these)`;

describe.skipIf(!hasKubectl)(hasKubectl ? 'writes through the real kubectl go to the manifest directory' : skipMessage, () => {
  let agent: AgentHarness;
  let kubectl: Kubectl;
  let work: string;
  let server: string;
  /** A second tag of the busybox image, so an image change needs no pull. */
  let otherImage: string;

  const ok = async (args: string[]) => {
    const result = await kubectl.run(args);
    expect(result.code, `kubectl ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };
  const file = (name: string, text: string) => {
    const path = join(work, name);
    return writeFile(path, text).then(() => path);
  };
  /** Every file of the manifest directory with its bytes. */
  const directory = async () => {
    const names = (await readdir(agent.manifestDir)).sort();
    return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(agent.manifestDir, n), 'utf8')] as const)));
  };
  const containerIds = async (pod: string) => {
    const out = await ok(['get', 'pod', pod, '-o', 'jsonpath={range .status.containerStatuses[*]}{.name}={.containerID}/{.restartCount} {end}']);
    return Object.fromEntries(out.trim().split(' ').map((s) => s.split('=') as [string, string]));
  };
  const waitReady = async (pod: string) => {
    // A file dropped by hand is read within moments; `wait` needs the pod to exist first.
    await agent.waitFor(async () => (await kubectl.run(['get', 'pod', pod])).code === 0, { what: `pod ${pod} listed` });
    return ok(['wait', '--for=condition=Ready', `pod/${pod}`, '--timeout=60s']);
  };

  beforeAll(async () => {
    agent = await startAgent({ extraArgs: ['--backoff-initial-seconds', '1', '--backoff-max-seconds', '2'] });
    work = await mkdtemp(join(tmpdir(), 'minikubelet-kubectl-writes-'));
    const printed = await agent.cli(['kubeconfig']);
    expect(printed.code, printed.stderr).toBe(0);
    await writeFile(join(work, 'config'), printed.stdout);
    server = /server: (https:\/\/\S+)/.exec(printed.stdout)![1]!;
    kubectl = new Kubectl(join(work, 'config'), join(work, 'cache'));
    otherImage = `minikubelet/busybox:writes-${agent.nodeName}`;
    const [repo, tag] = otherImage.split(':') as [string, string];
    await dockerClient().getImage(BUSYBOX).tag({ repo, tag });
  });
  afterAll(async () => {
    await agent?.cleanup();
    if (otherImage) await dockerClient().getImage(otherImage).remove({ noprune: true }).catch(() => undefined);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('apply creates the pod as <namespace>.<name>.pod.yaml (0644); an image change restarts only that container', async () => {
    const path = await file('web.yaml', twoContainerPod('web', BUSYBOX));
    expect(await ok(['apply', '-f', path])).toContain('pod/web created');
    const written = join(agent.manifestDir, 'default.web.pod.yaml');
    expect((await stat(written)).mode & 0o777).toBe(0o644);
    expect(await readFile(written, 'utf8')).toContain('kubectl.kubernetes.io/last-applied-configuration');
    await waitReady('web');
    const uid = await ok(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.uid}']);
    const before = await containerIds('web');
    expect(await ok(['apply', '-f', path])).toContain('pod/web unchanged');

    await writeFile(path, twoContainerPod('web', otherImage));
    // `kubectl diff` is a server-side dry run: exactly the image, nothing written.
    const files = await directory();
    const diff = await kubectl.run(['diff', '-f', path]);
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout.split('\n').filter((l) => /^[-+] /.test(l))).toEqual([`-    image: ${BUSYBOX}`, `+    image: ${otherImage}`]);
    expect(await directory()).toEqual(files);
    expect(await ok(['apply', '-f', path])).toContain('pod/web configured');
    const after = await agent.waitFor(async () => {
      const ids = await containerIds('web');
      return ids['side'] !== before['side'] && ids['side']!.endsWith('/1') ? ids : undefined;
    }, { what: 'the side container restarted with the new image' });
    expect(after['main']).toBe(before['main']);
    expect(await ok(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.uid} {.spec.containers[1].image}'])).toBe(`${uid} ${otherImage}`);
  });

  it('label and annotate change the file and restart no container', async () => {
    await waitReady('web');
    const before = await containerIds('web');
    expect(await ok(['label', 'pod', 'web', 'tier=front'])).toContain('pod/web labeled');
    expect(await ok(['annotate', 'pod', 'web', 'note=hello'])).toContain('pod/web annotated');
    expect(await ok(['get', 'pods', '-l', 'tier=front', '-o', 'name'])).toBe('pod/web\n');
    const text = await readFile(join(agent.manifestDir, 'default.web.pod.yaml'), 'utf8');
    expect(text).toMatch(/tier: front/);
    expect(text).toMatch(/note: hello/);
    expect(await containerIds('web')).toEqual(before);
    const [main] = (await podContainers(agent.nodeName, 'web')).filter((c) => c.Labels['io.kubernetes.container.name'] === 'main');
    expect(`docker://${main!.Id}/0`).toBe(before['main']);
  });

  it('patch: JSON merge, JSON patch and strategic merge (an image by container name)', async () => {
    const before = await containerIds('web');
    await ok(['patch', 'pod', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"merged":"yes"}}}']);
    await ok(['patch', 'pod', 'web', '--type=json', '-p', '[{"op":"add","path":"/metadata/annotations/jsonpatch","value":"yes"}]']);
    await ok(['patch', 'pod', 'web', '-p', `{"spec":{"containers":[{"name":"side","image":"${BUSYBOX}"}]}}`]);
    expect(await ok(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.labels.merged} {.metadata.annotations.jsonpatch} {.spec.containers[*].image}'])).toBe(`yes yes ${BUSYBOX} ${BUSYBOX}`);
    const text = await readFile(join(agent.manifestDir, 'default.web.pod.yaml'), 'utf8');
    expect(text).toMatch(/merged: "yes"/);
    expect(text).toMatch(/jsonpatch: "yes"/);
    const after = await agent.waitFor(async () => {
      const ids = await containerIds('web');
      return ids['side'] !== before['side'] ? ids : undefined;
    }, { what: 'the side container restarted after the strategic patch' });
    expect(after['main']).toBe(before['main']);
  });

  it('a stale resourceVersion is refused with 409 Conflict, the file unchanged', async () => {
    const stale = await ok(['get', 'pod', 'web', '-o', 'yaml']);
    await ok(['label', 'pod', 'web', 'bump=1']);
    const files = await directory();
    const conflict = await kubectl.run(['label', 'pod', 'web', 'x=1', '--resource-version=1']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('Operation cannot be fulfilled on pods "web": the object has been modified');
    const replace = await kubectl.run(['replace', '-f', await file('stale.yaml', stale)]);
    expect(replace.code).toBe(1);
    expect(replace.stderr).toContain('Conflict');
    expect(await directory()).toEqual(files);
  });

  it('a malformed apply (unknown field, invalid value) prints the causes and leaves the directory byte for byte', async () => {
    const files = await directory();
    const unknown = await kubectl.run(['apply', '-f', await file('bad1.yaml', twoContainerPod('bad', BUSYBOX).replace('    image: ', '    imagee: '))]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('strict decoding error: unknown field "spec.containers[0].imagee"');
    const invalid = await kubectl.run(['apply', '-f', await file('bad2.yaml', twoContainerPod('bad', BUSYBOX, '  restartPolicy: Sometimes\n'))]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/The Pod "bad" is invalid: spec.restartPolicy: /);
    const badName = await kubectl.run(['apply', '-f', await file('bad3.yaml', twoContainerPod('bad', BUSYBOX).replace('- name: side', '- name: Side_2'))]);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('spec.containers[1].name');
    expect(await directory()).toEqual(files);
    expect((await kubectl.run(['get', 'pod', 'bad'])).stderr).toContain('NotFound');
  });

  it('an immutable field change is refused as the API server refuses it, the file unchanged', async () => {
    const files = await directory();
    const path = await file('web-cmd.yaml', twoContainerPod('web', BUSYBOX).replace(RUN_FOREVER, '["sleep", "1000"]'));
    const result = await kubectl.run(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`');
    expect(result.stderr).toContain('spec.containers[0].command');
    expect(await directory()).toEqual(files);
  });

  it('--server-side is refused with the API server\'s message for a type it does not serve', async () => {
    const result = await kubectl.run(['apply', '--server-side', '-f', join(work, 'web.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('server-side apply is not supported by minikubelet');
  });

  it('create, replace and delete a ConfigMap; create twice is AlreadyExists', async () => {
    const cm = (mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: ${mode}}\n`;
    const path = await file('cm.yaml', cm('fast'));
    expect(await ok(['create', '-f', path])).toContain('configmap/settings created');
    const again = await kubectl.run(['create', '-f', path]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('configmaps "settings" already exists');
    await writeFile(path, cm('slow'));
    expect(await ok(['replace', '-f', path])).toContain('configmap/settings replaced');
    expect(await ok(['get', 'configmap', 'settings', '-o', 'jsonpath={.data.mode}'])).toBe('slow');
    expect(await readFile(join(agent.manifestDir, 'default.settings.configmap.yaml'), 'utf8')).toContain('mode: slow');
    expect(await ok(['delete', 'configmap', 'settings'])).toContain('configmap "settings" deleted');
    expect(await directory()).not.toHaveProperty('default.settings.configmap.yaml');
  });

  it('apply and delete -f of a multi-document file: a file per object, then none', async () => {
    const svc = `apiVersion: v1\nkind: Service\nmetadata: {name: web-svc}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n`;
    // `data`, not `stringData`: the API shows only `data`, so kubectl would re-apply stringData every time (as against any API server).
    const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {password: czNjcmV0}\n`;
    const path = await file('multi.yaml', `${svc}---\n${secret}`);
    const out = await ok(['apply', '-f', path]);
    expect(out).toContain('service/web-svc created');
    expect(out).toContain('secret/creds created');
    expect(await directory()).toHaveProperty(['default.web-svc.service.yaml']);
    expect(await directory()).toHaveProperty(['default.creds.secret.yaml']);
    expect(await ok(['apply', '-f', path])).toMatch(/service\/web-svc unchanged\nsecret\/creds unchanged/);
    await ok(['delete', '-f', path]);
    const names = Object.keys(await directory());
    expect(names).not.toContain('default.web-svc.service.yaml');
    expect(names).not.toContain('default.creds.secret.yaml');
  });

  it('edits a pod of a hand-written multi-document file in place: the other documents stay byte for byte', async () => {
    const stack = join(agent.manifestDir, 'stack.yaml');
    await writeFile(stack, STACK_CONFIG + STACK_ALPHA + STACK_BETA);
    await waitReady('alpha');
    await waitReady('beta');
    await ok(['label', 'pod', 'alpha', 'color=blue']);
    await ok(['set', 'image', 'pod/alpha', `main=${otherImage}`]);
    let text = await readFile(stack, 'utf8');
    expect(text.startsWith(STACK_CONFIG)).toBe(true);
    expect(text.endsWith(STACK_BETA)).toBe(true);
    expect(text).toContain('name: alpha # the first pod');
    expect(text).toContain(`image: ${otherImage}`);
    expect(text).toContain('labels: {app: alpha, color: blue}');
    await ok(['delete', 'pod', 'beta']);
    text = await readFile(stack, 'utf8');
    expect(text.startsWith(STACK_CONFIG)).toBe(true);
    expect(text).not.toContain('name: beta');
    expect(await podContainers(agent.nodeName, 'beta')).toEqual([]);
  });

  it('delete honours --grace-period (Terminating with a deletionTimestamp meanwhile); --grace-period=0 --force is at once', async () => {
    const slow = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  terminationGracePeriodSeconds: 60\n  containers:\n  - {name: main, image: "${BUSYBOX}", command: ["sleep", "100000"]}\n`;
    await ok(['apply', '-f', await file('slow.yaml', slow('slow'))]);
    await ok(['apply', '-f', await file('forced.yaml', slow('forced'))]);
    await waitReady('slow');
    await waitReady('forced');
    const started = Date.now();
    await ok(['delete', 'pod', 'slow', '--grace-period=3', '--wait=false']);
    const shown = await ok(['get', 'pod', 'slow', '-o', 'jsonpath={.metadata.deletionTimestamp}']);
    expect(shown).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await ok(['get', 'pod', 'slow'])).toMatch(/slow\s+\S+\s+Terminating/);
    await ok(['wait', '--for=delete', 'pod/slow', '--timeout=40s']);
    // `sleep` ignores SIGTERM: the kill waited the 3 s asked for, not the spec's 60.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await podContainers(agent.nodeName, 'slow')).toEqual([]);

    const forced = Date.now();
    expect((await kubectl.run(['delete', 'pod', 'forced', '--grace-period=0', '--force'])).stdout).toContain('pod "forced" force deleted');
    expect(Date.now() - forced).toBeLessThan(15_000);
    expect((await kubectl.run(['get', 'pod', 'forced'])).stderr).toContain('NotFound');
  });

  it('a directory the agent may not write (chattr +i) gets 403 Forbidden naming the file, and the pods run on', async () => {
    const lock = await runTool('chattr', ['+i', agent.manifestDir]);
    if (lock !== 0) return void console.warn('chattr +i is not available here (needs root on ext4/xfs): the 403 path is not checked');
    try {
      const files = await directory();
      const result = await kubectl.run(['create', '-f', await file('locked.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: locked}\ndata: {a: b}\n')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Error from server (Forbidden): error when creating "${join(work, 'locked.yaml')}": cannot write ${join(agent.manifestDir, 'default.locked.configmap.yaml')}`);
      expect(result.stderr).toContain('give the agent write access');
      const label = await kubectl.run(['label', 'pod', 'web', 'locked=yes']);
      expect(label.code).toBe(1);
      expect(label.stderr).toContain('Forbidden');
      expect(await directory()).toEqual(files);
    } finally {
      await runTool('chattr', ['-i', agent.manifestDir]);
    }
    expect(await ok(['get', 'pod', 'web'])).toMatch(/web\s+2\/2\s+Running/);
  });

  it('answers a write without a client certificate with 401, and writes nothing', async () => {
    const files = await directory();
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sneaky' }, data: { a: 'b' } });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server}/api/v1/namespaces/default/configmaps`, { method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect(await directory()).toEqual(files);
  });
});
