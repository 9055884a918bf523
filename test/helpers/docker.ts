import Docker from 'dockerode';
import { LABEL_NODE_NAME } from '../../src/runtime/labels.js';

/** Engine tests talk to the engine directly (DOCKER_HOST or /var/run/docker.sock) to check what landed. */
export function dockerClient(): Docker {
  return new Docker();
}

/** Every container, running or not, labelled with this node name. */
export async function listNodeContainers(
  nodeName: string,
  docker: Docker = dockerClient(),
): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE_NAME}=${nodeName}`] } });
}

/** Force-removes every container of this node (and its anonymous volumes); returns how many went. */
export async function removeNodeContainers(nodeName: string, docker: Docker = dockerClient()): Promise<number> {
  const containers = await listNodeContainers(nodeName, docker);
  const results = await Promise.allSettled(
    containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })),
  );
  // 404: already gone; 409: a removal is already in progress. Anything else is worth seeing.
  const failures = results.filter(
    (r): r is PromiseRejectedResult =>
      r.status === 'rejected' && ![404, 409].includes((r.reason as { statusCode?: number }).statusCode ?? 0),
  );
  if (failures.length > 0) throw failures[0]!.reason;
  return containers.length;
}

/**
 * Force-removes one container as a user would behind the agent's back; a container the agent is
 * collecting at that moment (404 gone, 409 removal in progress) is just as removed.
 */
export async function forceRemove(id: string, docker: Docker = dockerClient()): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true });
  } catch (err) {
    if (![404, 409].includes((err as { statusCode?: number }).statusCode ?? 0)) throw err;
  }
}

/** The inspected container, or undefined when it is gone. */
export async function inspect(id: string, docker: Docker = dockerClient()): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(id).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

export interface ContainerEvent {
  action: string;
  id: string;
  /** The engine's time for the event, in milliseconds (from its nanosecond timestamp). */
  ms: number;
}

/**
 * The engine's start and die events of one pod container of this node, from `sinceSeconds` until
 * now, oldest first: the engine's own clock, so timings read from them do not depend on polling.
 */
export async function containerEvents(
  nodeName: string,
  podName: string,
  containerName: string,
  sinceSeconds: number,
  docker: Docker = dockerClient(),
): Promise<ContainerEvent[]> {
  const stream = await docker.getEvents({
    since: sinceSeconds,
    until: Math.ceil(Date.now() / 1000),
    filters: {
      type: ['container'],
      event: ['start', 'die'],
      label: [`${LABEL_NODE_NAME}=${nodeName}`, `io.kubernetes.pod.name=${podName}`, `io.kubernetes.container.name=${containerName}`],
    },
  });
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { Action: string; id: string; timeNano: number })
    .map((e) => ({ action: e.Action, id: e.id, ms: e.timeNano / 1e6 }))
    .sort((a, b) => a.ms - b.ms);
}
