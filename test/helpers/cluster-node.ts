/**
 * Starts minikubelet as a node of a test control plane (`test/helpers/control-plane.ts`): its own
 * `system:node:<name>` kubeconfig, the kubelet port on loopback (the API server dials
 * `InternalIP:port`, so the node's address is 127.0.0.1), the cluster CA as the client CA.
 */
import { startAgent, type AgentHarness, type StartAgentOptions } from './agent-harness.js';
import type { ControlPlane } from './control-plane.js';
import { freePort } from './read-only-port.js';

export interface ClusterNode {
  agent: AgentHarness;
  kubeletPort: number;
}

/** A free TCP port on 127.0.0.1 (for the kubelet port: two nodes on one machine need two). */
export { freePort } from './read-only-port.js';

/** The node's flags: what `startAgent` adds to a plain agent's to join `cp`. */
export async function nodeArgs(cp: ControlPlane, nodeName: string, kubeletPort: number): Promise<string[]> {
  return [
    '--kubeconfig', await cp.nodeKubeconfig(nodeName),
    '--node-ip', '127.0.0.1',
    '--port', String(kubeletPort),
    '--address', '127.0.0.1',
    '--client-ca-file', cp.caFile,
  ];
}

/** Starts an agent that joins `cp` as `nodeName` (a fresh one unless given); `options` as startAgent's. */
export async function startClusterNode(cp: ControlPlane, nodeName: string, options: StartAgentOptions & { kubeletPort?: number } = {}): Promise<ClusterNode> {
  const kubeletPort = options.kubeletPort ?? (await freePort());
  const agent = await startAgent({ ...options, nodeName, extraArgs: [...(await nodeArgs(cp, nodeName, kubeletPort)), ...(options.extraArgs ?? [])] });
  return { agent, kubeletPort };
}

interface NodeObject {
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
  spec?: { taints?: { key: string; effect: string }[] };
}

/** The status of the node's Ready condition as the API has it ('True' | 'False' | 'Unknown'), or undefined while it has none. */
export async function nodeReady(cp: ControlPlane, nodeName: string): Promise<string | undefined> {
  const r = await cp.kubectl.run(['get', 'node', nodeName, '-o', 'json']);
  if (r.code !== 0) return undefined;
  const node = JSON.parse(r.stdout) as NodeObject;
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

export interface ApiPod {
  metadata: { name: string; namespace: string; uid: string; labels?: Record<string, string>; deletionTimestamp?: string; annotations?: Record<string, string> };
  spec: { nodeName?: string };
  status: { phase?: string; podIP?: string; containerStatuses?: { name: string; ready: boolean; restartCount: number; containerID?: string }[] };
}

/** The pods the API has for a label selector (all namespaces when `namespace` is '*'). */
export async function apiPods(cp: ControlPlane, selector: string, namespace = 'default'): Promise<ApiPod[]> {
  const scope = namespace === '*' ? ['-A'] : ['-n', namespace];
  const r = await cp.kubectl.run(['get', 'pods', ...scope, '-l', selector, '-o', 'json']);
  if (r.code !== 0) throw new Error(`kubectl get pods -l ${selector}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { items: ApiPod[] }).items;
}
