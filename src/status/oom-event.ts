import type { Pod } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { containerFieldPath, type EventInput } from './event-recorder.js';

/**
 * The Warning event for a container whose cgroup ran out of memory (Docker's `oom` event, or its
 * cgroup's `oom_kill` counter: `kills` processes killed, PID 1 or children). The kubelet itself
 * only records `SystemOOM` on the node; node-problem-detector reports a memory cgroup OOM as
 * `OOMKilling`, the word used here, on the pod so `describe` shows it. The container's state is
 * left as the engine reports it: a child killed while PID 1 runs on is this event only.
 */
export function makeOomEvent(container: ObservedContainer, pod: Pod | undefined, kills = 1): EventInput {
  const spec = [...(pod?.spec.containers ?? []), ...(pod?.spec.initContainers ?? [])].find((c) => c.name === container.containerName);
  const limit = spec?.resources.limits.memory;
  const kind = container.kind === 'init' ? 'init' : 'app';
  return {
    type: 'Warning',
    reason: 'OOMKilling',
    message: `Memory cgroup out of memory: ${kills === 1 ? 'a process' : `${kills} processes`} of container ${container.containerName} ${kills === 1 ? 'was' : 'were'} killed${limit ? ` (memory limit ${limit})` : ''}`,
    fieldPath: containerFieldPath(kind, container.containerName),
  };
}
