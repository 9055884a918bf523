import type { ApiPod } from '../../src/api/api-pod.js';
import type { AgentHarness } from '../helpers/agent-harness.js';
import { dockerClient, listNodeContainers } from '../helpers/docker.js';

export const BUSYBOX = 'minikubelet/busybox:1.35';

/** `get pods -o json` through the CLI, as a user would read it. */
export async function getPods(agent: AgentHarness): Promise<ApiPod[]> {
  const result = await agent.cli(['get', 'pods', '-A', '-o', 'json']);
  if (result.code !== 0) throw new Error(`get pods failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { items: ApiPod[] }).items;
}

export async function getPod(agent: AgentHarness, name: string): Promise<ApiPod | undefined> {
  return (await getPods(agent)).find((p) => p.metadata.name === name);
}

/** Waits until `get pods` shows the pod with every container running and ready. */
export async function waitForRunning(agent: AgentHarness, name: string, timeoutMs = 60_000): Promise<ApiPod> {
  return agent.waitFor(
    async () => {
      const pod = await getPod(agent, name);
      const statuses = pod?.status.containerStatuses ?? [];
      const ready = pod?.status.phase === 'Running' && statuses.length === pod.spec.containers.length && statuses.every((s) => s.ready);
      return ready ? pod : undefined;
    },
    { timeoutMs, what: `pod ${name} Running with all containers ready` },
  );
}

/** The node's containers of one pod, by Kubernetes container name (`POD` for the sandbox). */
export async function podContainers(nodeName: string, podName: string) {
  const all = await listNodeContainers(nodeName);
  return all.filter((c) => c.Labels['io.kubernetes.pod.name'] === podName);
}

/** Runs a command in a container through Docker directly (not through the agent). */
export async function dockerExec(containerId: string, cmd: string[]): Promise<string> {
  const exec = await dockerClient().getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  // Demultiplex Docker's framing (8-byte headers).
  let out = '';
  for (let i = 0; i + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(i + 4);
    out += raw.subarray(i + 8, i + 8 + size).toString();
    i += 8 + size;
  }
  return out;
}

/**
 * A one-container pod that runs until SIGTERM (it exits 0 on it at once), with a 1 s grace
 * period; `extra` is appended to the manifest (more `spec` keys, indented two spaces). The
 * container runs BUSYBOX unless `container.image` says otherwise.
 */
export function runForeverPod(name: string, extra = '', container: { image?: string; pullPolicy?: string } = {}): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${container.image ?? BUSYBOX}
${container.pullPolicy ? `    imagePullPolicy: ${container.pullPolicy}\n` : ''}    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
${extra}`;
}

/**
 * A pod whose init container echoes once, in front of one app container that runs until SIGTERM;
 * `mainExtra` is appended to the app container (its keys indented four spaces).
 */
export function initThenRunForeverPod(name: string, mainExtra = ''): string {
  return runForeverPod(name, `${mainExtra}  initContainers:
  - name: setup
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo ready"]
`);
}
