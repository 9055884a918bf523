import { stat } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { DockerApi } from './docker-calls.js';

/** What one container uses of the disk: its writable layer (imagefs) and its json-file logs, rotated ones included. */
export interface ContainerDiskUsage {
  rootfsBytes: number;
  logsBytes: number;
}

/**
 * The kubelet reads these from cAdvisor/CRI stats (`ContainerStats.Rootfs`, `.Logs`); with Docker,
 * `inspect?size=1` gives the writable layer (`SizeRw`) and `LogPath` the log file, beside which
 * json-file keeps its rotated files (`<LogPath>.1`, …). A container gone, or a log the agent cannot
 * stat (the agent in a container without the engine's data root), counts 0.
 */
export function createContainerDiskUsage(api: DockerApi, maxLogFiles: number): (id: string) => Promise<ContainerDiskUsage> {
  return async (id) => {
    const inspect = () => api.docker.getContainer(id).inspect({ size: true } as Docker.ContainerInspectOptions);
    const info = (await api.calls.call('inspect_container_size', inspect).catch(() => undefined)) as (Docker.ContainerInspectInfo & { SizeRw?: number }) | undefined;
    if (!info) return { rootfsBytes: 0, logsBytes: 0 };
    let logsBytes = 0;
    if (info.LogPath) {
      for (let i = 0; i < maxLogFiles; i++) {
        const file = i === 0 ? info.LogPath : `${info.LogPath}.${i}`;
        logsBytes += (await stat(file).catch(() => undefined))?.size ?? 0;
      }
    }
    return { rootfsBytes: info.SizeRw ?? 0, logsBytes };
  };
}
