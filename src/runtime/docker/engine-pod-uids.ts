import type Docker from 'dockerode';
import { LABEL_POD_UID } from '../labels.js';

/**
 * The pod UIDs of every container on the engine, running or not, of any node: what tells an
 * agent sharing the engine that a pod cgroup is still someone's (`cgroups/orphaned-pod-cgroups.ts`).
 */
export async function listEnginePodUids(docker: Docker): Promise<Set<string>> {
  const containers = await docker.listContainers({ all: true, filters: { label: [LABEL_POD_UID] } });
  return new Set(containers.map((c) => c.Labels[LABEL_POD_UID]).filter((uid): uid is string => Boolean(uid)));
}
