/**
 * `attach` joins a running container's main process (`docker attach`), not a new one: its stdin
 * only when the container keeps one open (`stdin: true`), its terminal as the spec says (`tty`;
 * kubectl adjusts `-t` to the spec itself, the server follows the spec).
 */
import type { ContainerTarget } from '../agent-api.js';
import type { ApiServerDeps } from '../api-server.js';
import type { StartedSession } from '../streams/remote-command-session.js';
import { badRequest, podNotFound, type Failure } from '../status-object.js';
import type { StreamRequest } from './stream-request.js';

/** The request as the container allows it, or why not. */
export function checkAttach(
  deps: ApiServerDeps,
  target: { namespace: string; name: string },
  resolved: ContainerTarget,
  request: StreamRequest,
): StreamRequest | Failure {
  const pod = deps.api.getPod(target.namespace, target.name);
  if (pod === undefined) return podNotFound(target.name);
  const spec = [...pod.spec.containers, ...pod.spec.initContainers].find((c) => c.name === resolved.containerName);
  if (request.stdin && spec?.stdin !== true) {
    return badRequest(
      `container ${resolved.containerName} in pod ${target.namespace}/${target.name} does not keep stdin open: ` +
        'set stdin: true in its spec to attach to its input, or attach without -i',
    );
  }
  const tty = spec?.tty === true;
  return { ...request, tty, stderr: request.stderr && !tty };
}

export async function startAttach(deps: ApiServerDeps, containerId: string, request: StreamRequest): Promise<StartedSession> {
  const session = await deps.runtime.attach(containerId, { stdin: request.stdin, tty: request.tty });
  // The kubelet's attach ends with Success: the process goes on, or its exit shows in the pod's status.
  return { session, outcome: () => Promise.resolve({ exitCode: 0, command: [] }) };
}
