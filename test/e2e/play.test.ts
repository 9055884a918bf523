import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent, waitFor } from '../helpers/agent-harness.js';
import { listNodeContainers } from '../helpers/docker.js';
import { PlayWorkspace } from '../helpers/play-harness.js';
import { BUSYBOX, runForeverPod, waitForRunning } from './pod-helpers.js';

const run = promisify(execFile);
const WEB = join(process.cwd(), 'deploy', 'examples', 'web.yaml');

/** A pod whose container traps SIGTERM, with a preStop hook that leaves a mark in a hostPath directory. */
function preStopPod(markDir: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: hooked
spec:
  terminationGracePeriodSeconds: 5
  volumes:
  - name: marks
    hostPath: { path: ${markDir}, type: Directory }
  - name: scratch
    emptyDir: {}
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo app is up; trap 'echo got TERM; exit 0' TERM; while true; do sleep 1; done"]
    resources: { limits: { cpu: 100m, memory: 32Mi } }
    volumeMounts: [{ name: marks, mountPath: /marks }, { name: scratch, mountPath: /scratch }]
    lifecycle:
      preStop:
        exec: { command: ["sh", "-c", "echo prestop > /marks/prestop"] }
`;
}

function jobPod(name: string, script: string, policy = 'Never'): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${policy}
  terminationGracePeriodSeconds: 1
  containers:
  - name: job
    image: ${BUSYBOX}
    command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

/** A user in the docker group (made with useradd when the tests run as root and it is missing); undefined when there cannot be one. */
async function dockerGroupUser(): Promise<{ uid: number; gid: number; home: string } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const group = await run('getent', ['group', 'docker']).catch(() => undefined);
  const gid = Number(group?.stdout.split(':')[2]);
  if (!Number.isInteger(gid)) return undefined;
  const name = 'mkplay';
  if (!(await run('id', ['-u', name]).catch(() => undefined))) await run('useradd', ['-m', '-G', 'docker', name]);
  const { stdout } = await run('getent', ['passwd', name]);
  const [, , uid, , , home] = stdout.trim().split(':');
  return { uid: Number(uid), gid, home: home! };
}

/** pod<uid> cgroup directories anywhere under the kubepods trees. */
async function podCgroups(uids: readonly string[]): Promise<string[]> {
  if (uids.length === 0) return [];
  const { stdout } = await run('find', ['/sys/fs/cgroup', '-maxdepth', '5', '-type', 'd', '-name', 'pod*']).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter((p) => uids.some((uid) => p.endsWith(`pod${uid}`)));
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('minikubelet play', () => {
  let ws: PlayWorkspace;
  let daemon: AgentHarness;
  let daemonContainers: string[];
  const played: string[][] = [];
  const track = (files: string[]) => (played.push(files), files);

  beforeAll(async () => {
    ws = await PlayWorkspace.create();
    // A daemon beside every play: its containers must be untouched throughout.
    daemon = await startAgent();
    await daemon.writeManifest('beside.yaml', runForeverPod('beside'));
    await waitForRunning(daemon, 'beside');
    daemonContainers = (await listNodeContainers(daemon.nodeName)).map((c) => c.Id).sort();
  });

  afterAll(async () => {
    for (const files of played) await ws?.cleanup(files);
    await ws?.dispose();
    if (daemon) {
      // Checked last: nothing a play did (start, stop, --down, leftovers) touched the daemon's pod.
      const after = await listNodeContainers(daemon.nodeName);
      await daemon.cleanup();
      expect(after.map((c) => c.Id).sort()).toEqual(daemonContainers);
      expect(after.every((c) => c.State === 'running')).toBe(true);
    }
  });

  it('refuses invalid manifests before anything starts, with the lines of validate', async () => {
    // A container without an image is an error (an unknown field would only be a warning).
    const bad = track([await ws.write('bad.yaml', jobPod('bad', 'true').replace(`image: ${BUSYBOX}`, 'imag: busybox'))]);
    const p = ws.play([bad[0]!]);
    const { code } = await p.exited;
    const validate = await run(process.execPath, [join(process.cwd(), 'bin', 'minikubelet'), 'validate', bad[0]!]).catch((e: { stderr: string }) => e);
    expect(code).toBe(1);
    expect(p.stderr).toContain(validate.stderr.trim());
    expect(p.stderr).toContain('bad.yaml: invalid; nothing was started');
    expect(await listNodeContainers(ws.nodeName(bad))).toEqual([]);
  });

  it("shows two containers' prefixed lines, forwards -p, and refuses a second play of the same files", async () => {
    const files = track([WEB]);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const p = ws.play([WEB, '-p', `${port}:web/httpd:http`]);
    try {
      await p.waitForOutput(/^web\/sidecar \| hello from pod web/m, 'the sidecar fetching the page');
      await p.waitForOutput(/^web: Running 2\/2$/m, 'the pod running');
      expect(await waitFor(() => httpGet(port), { what: 'the forwarded page', until: (b) => b.includes('hello from pod web') })).toContain('served by busybox httpd');
      const second = ws.play([WEB]);
      expect((await second.exited).code).toBe(1);
      expect(second.stderr).toMatch(/are already playing \(pid \d+, node play-web-/);
    } finally {
      p.child.kill('SIGINT');
    }
    expect((await p.exited).code).toBe(130);
    expect(await listNodeContainers(ws.nodeName(files))).toEqual([]);
  });

  it('on SIGINT runs the preStop hook, then leaves no container, volume directory or cgroup of the run', async () => {
    const marks = ws.dir;
    const files = track([await ws.write('hooked.yaml', preStopPod(marks))]);
    const p = ws.play(files);
    await p.waitForOutput(/^hooked\/app \| app is up$/m, 'the app up');
    const uids = [...new Set((await listNodeContainers(ws.nodeName(files))).map((c) => c.Labels['io.kubernetes.pod.uid']!))];
    expect(existsSync(join(ws.stateDir(files), 'pods', uids[0]!))).toBe(true);
    p.child.kill('SIGINT');
    const { code } = await p.exited;
    expect(code).toBe(130);
    expect(await readFile(join(marks, 'prestop'), 'utf8')).toBe('prestop\n');
    expect(p.stdout).toMatch(/^hooked\/app \| got TERM$/m);
    expect(await listNodeContainers(ws.nodeName(files))).toEqual([]);
    expect(existsSync(ws.stateDir(files))).toBe(false);
    expect(await podCgroups(uids)).toEqual([]);
  });

  it('shows a crash and its restart', async () => {
    const files = track([await ws.write('crash.yaml', jobPod('crash', 'echo boom; exit 2', 'Always'))]);
    const p = ws.play(files);
    try {
      await p.waitForOutput(/^crash\/job: exited \(exit 2\), back-off 10s$/m, 'the crash and its back-off');
      // The status lines sample the pod's status: on a loaded machine two restarts can fall between two samples.
      await p.waitForOutput(/^crash\/job: restarted \(exit 2\), restart \d+$/m, 'the restart');
      await p.waitForOutput(/^crash\/job \| boom\n[^]*^crash\/job \| boom$/m, 'the second instance followed');
    } finally {
      p.child.kill('SIGTERM');
    }
    expect((await p.exited).code).toBe(143);
  });

  it("exits by itself when every pod completed, with the failed container's exit code", async () => {
    const files = track([await ws.write('ok.yaml', jobPod('ok', 'echo fine')), await ws.write('fails.yaml', jobPod('fails', 'echo failing; sleep 1; exit 3'))]);
    const p = ws.play(files);
    const { code } = await p.exited;
    expect(code).toBe(3);
    expect(p.stdout).toMatch(/^ok\/job +\| fine$/m);
    expect(p.stdout).toMatch(/^fails\/job +\| failing$/m);
    expect(p.stdout).toContain('Stopping: every pod completed; fails/job failed (exit 3)');
    expect(await listNodeContainers(ws.nodeName(files))).toEqual([]);
  });

  it('--exit-code-from stops the run when that container exits', async () => {
    const files = track([await ws.write('pair.yaml', jobPod('quick', 'exit 4')), await ws.write('forever.yaml', runForeverPod('forever'))]);
    const p = ws.play([...files, '--exit-code-from', 'quick']);
    expect((await p.exited).code).toBe(4);
    expect(await listNodeContainers(ws.nodeName(files))).toEqual([]);
  });

  it('--watch applies an edit: the changed pod is recreated', async () => {
    const file = await ws.write('watched.yaml', jobPod('watched', 'echo version one; trap "exit 0" TERM; while true; do sleep 1; done', 'Always'));
    const files = track([file]);
    const p = ws.play([file, '--watch']);
    try {
      await p.waitForOutput(/^watched\/job \| version one$/m, 'the first version');
      await writeFile(file, jobPod('watched', 'echo version two; trap "exit 0" TERM; while true; do sleep 1; done', 'Always'));
      await p.waitForOutput(/^watched\/job \| version two$/m, 'the edited version');
      await writeFile(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: watched}\nspec: {containers: [{name: job}]}\n');
      await waitFor(() => /image/.test(p.stderr), { what: 'the broken edit reported' });
      expect(p.stdout).toContain('Kept the running pods of the files with errors');
    } finally {
      p.child.kill('SIGINT');
    }
    await p.exited;
    expect(await listNodeContainers(ws.nodeName(files))).toEqual([]);
  });

  it('runs the web example as an ordinary user in the docker group', async (ctx) => {
    const user = await dockerGroupUser();
    if (!user) return ctx.skip();
    const files = [WEB];
    played.push(files);
    const p = ws.play([WEB, '--no-logs'], user);
    try {
      await p.waitForOutput(/^web: Running 2\/2$/m, 'the pod running as a non-root user');
      expect(p.stderr).toContain('warning: not running as root: pods get no pod-level cgroup');
      expect((await listNodeContainers(ws.nodeName(files, user))).length).toBe(3);
      expect(existsSync(ws.stateDir(files, user))).toBe(true);
    } finally {
      p.child.kill('SIGINT');
      await p.exited;
      await ws.cleanup(files, user);
    }
    expect(p.stdout).toContain('Removed every container and volume of the run');
  });

  it('cleans up what a SIGKILLed play left: play --down, or the next play of the same files', async () => {
    const file = await ws.write('killed.yaml', runForeverPod('killed'));
    const files = track([file]);
    const p = ws.play([file]);
    await p.waitForOutput(/^killed: Running 1\/1$/m, 'the pod running');
    p.child.kill('SIGKILL');
    await p.exited;
    expect((await listNodeContainers(ws.nodeName(files))).length).toBeGreaterThan(0);
    const down = ws.play(['--down', file]);
    expect((await down.exited).code).toBe(0);
    expect(down.stdout).toContain('Removing what an earlier play of these files left');
    expect(await listNodeContainers(ws.nodeName(files))).toEqual([]);
    expect(existsSync(ws.stateDir(files))).toBe(false);

    const again = ws.play([file]);
    await again.waitForOutput(/^killed: Running 1\/1$/m, 'the pod running again');
    again.child.kill('SIGKILL');
    await again.exited;
    const next = ws.play([file, '--no-logs']);
    await next.waitForOutput(/Removing what an earlier play of these files left[^]*^killed: Running 1\/1$/m, 'the leftovers removed and the pod running');
    next.child.kill('SIGINT');
    await next.exited;
    expect(await listNodeContainers(ws.nodeName(files))).toEqual([]);
  });
});
