import type { Pod } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { containerFieldPath, type EventInput } from './event-recorder.js';

/**
 * The Warning event for a container whose cgroup ran out of memory (Docker's `oom` event). The
 * kubelet itself only records `SystemOOM` on the node; node-problem-detector reports a memory
 * cgroup OOM as `OOMKilling`, the word used here, on the pod so `describe` shows it.
 */
export function makeOomEvent(container: ObservedContainer, pod: Pod | undefined): EventInput {
  const spec = [...(pod?.spec.containers ?? []), ...(pod?.spec.initContainers ?? [])].find((c) => c.name === container.containerName);
  const limit = spec?.resources.limits.memory;
  const kind = container.kind === 'init' ? 'init' : 'app';
  return {
    type: 'Warning',
    reason: 'OOMKilling',
    message: `Memory cgroup out of memory: a process of container ${container.containerName} was killed${limit ? ` (memory limit ${limit})` : ''}`,
    fieldPath: containerFieldPath(kind, container.containerName),
  };
}
