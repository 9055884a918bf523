/**
 * A real Kubernetes control plane for node mode's tests (`test/cluster/`): etcd, kube-apiserver,
 * kube-scheduler and kube-controller-manager on loopback, through scripts/control-plane.sh (which
 * builds the binaries once per machine with scripts/build-control-plane.sh). One per test file,
 * each on its own ports; `stop()` kills every process it started.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, type CliResult } from './agent-harness.js';
import { Kubectl, hasKubectl } from './kubectl-runner.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'control-plane.sh');

export interface ControlPlane {
  /** The state directory: certificates (pki/), logs (logs/), kubeconfigs. */
  dir: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** kubectl as the cluster admin (system:masters). */
  kubectl: Kubectl;
  adminKubeconfig: string;
  /** The cluster CA: what the agent's kubelet port trusts for the API server's client certificate. */
  caFile: string;
  /** A kubeconfig with a `system:node:<node>` client certificate (the Node authorizer and NodeRestriction apply). */
  nodeKubeconfig(node: string): Promise<string>;
  /** Stops / starts kube-apiserver alone (the fault tests). */
  stopApiServer(): Promise<void>;
  startApiServer(): Promise<void>;
  /** The last lines of every component's log, for a failure message. */
  logs(): Promise<string>;
  stop(): Promise<void>;
}

/** Why the cluster tests cannot run here (undefined: they can). */
export function controlPlaneSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: the control plane harness installs etcd-server and builds Kubernetes';
  if (!hasKubectl) return 'no kubectl at /usr/bin/kubectl (or $KUBECTL)';
  return undefined;
}

function runScript(args: string[], timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`control-plane.sh ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr: ${stderr.slice(-3000)}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function mustRun(args: string[], timeoutMs: number): Promise<string> {
  const result = await runScript(args, timeoutMs);
  if (result.code !== 0) throw new Error(`control-plane.sh ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.slice(-4000)}`);
  return result.stdout.trim();
}

/** A base port with its next four free (etcd, etcd peer, apiserver, controller-manager, scheduler). */
async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + 5 * Math.floor(Math.random() * 1_800);
    const free = await Promise.all([0, 1, 2, 3, 4].map((i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no five free consecutive ports between 20000 and 29000 on 127.0.0.1');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts a control plane; the first call on a machine builds the binaries (minutes). Fails with
 * the components' logs when one does not come up.
 */
export async function startControlPlane(): Promise<ControlPlane> {
  const dir = await mkdtemp(join(tmpdir(), 'mkl-cp-'));
  const base = await freeBasePort();
  const stop = async () => {
    await runScript(['down', dir], 60_000).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await mustRun(['up', dir, String(base)], 900_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const adminKubeconfig = join(dir, 'admin.kubeconfig');
  return {
    dir,
    server: `https://127.0.0.1:${base + 2}`,
    kubectl: new Kubectl(adminKubeconfig, join(dir, 'kubectl-cache')),
    adminKubeconfig,
    caFile: join(dir, 'pki', 'ca.crt'),
    nodeKubeconfig: (node) => mustRun(['node-kubeconfig', dir, node], 60_000),
    stopApiServer: async () => void (await mustRun(['stop-apiserver', dir], 60_000)),
    startApiServer: async () => void (await mustRun(['start-apiserver', dir], 180_000)),
    logs: async () => {
      const { stdout } = await new Promise<CliResult>((resolve) => {
        const child = spawn('sh', ['-c', `tail -n 40 ${JSON.stringify(dir)}/logs/*.log`], { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', (code) => resolve({ code, stdout: out, stderr: '' }));
      });
      return stdout;
    },
    stop,
  };
}
