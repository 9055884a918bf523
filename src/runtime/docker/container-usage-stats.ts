import type { ContainerUsageReader } from '../container-usage.js';
import type { DockerApi } from './docker-calls.js';
import { mapContainerStats } from './map-container-stats.js';

/**
 * A container's CPU and memory from the engine's one-shot stats (`stream=false&one-shot=true`:
 * one reading of the container's cgroup, no wait for a second sample), through the same bounded
 * calls with deadlines as everything else. A container gone or stopped has none.
 */
export function createContainerUsageReader(api: DockerApi, now: () => number = Date.now): ContainerUsageReader {
  return async (id) => {
    const read = () => api.docker.getContainer(id).stats({ stream: false, 'one-shot': true });
    const stats = await api.calls.call('container_stats', read).catch(() => undefined);
    return stats === undefined ? undefined : mapContainerStats(stats, now());
  };
}
