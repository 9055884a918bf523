import { rm, stat } from 'node:fs/promises';
import type { ContainerLogFiles } from '../log-files.js';
import { LABEL_NODE_NAME } from '../labels.js';
import type { DockerApi } from './docker-calls.js';

/** The json-file logs of this node's containers, as files the node-wide log cap can weigh and delete. */
export interface NodeLogFiles {
  list(): Promise<ContainerLogFiles[]>;
  remove(file: string): Promise<void>;
}

export function createNodeLogFiles({ docker, calls }: DockerApi, nodeName: string, maxFiles: number): NodeLogFiles {
  const size = async (file: string) => (await stat(file).catch(() => undefined))?.size;
  return {
    async list() {
      const containers = await calls.call('list_containers', () => docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE_NAME}=${nodeName}`] } }));
      const out: ContainerLogFiles[] = [];
      for (const c of containers) {
        const info = await calls.call('inspect_container', () => docker.getContainer(c.Id).inspect()).catch(() => undefined);
        if (!info?.LogPath) continue;
        const rotated: ContainerLogFiles['rotated'][number][] = [];
        for (let i = 1; i < maxFiles; i++) {
          const bytes = await size(`${info.LogPath}.${i}`);
          if (bytes !== undefined) rotated.push({ path: `${info.LogPath}.${i}`, bytes });
        }
        out.push({ containerId: c.Id, running: info.State.Running, live: { path: info.LogPath, bytes: (await size(info.LogPath)) ?? 0 }, rotated });
      }
      return out;
    },
    // The engine renames rotated files past a missing one (moby jsonfilelog `rotate` skips ENOENT).
    remove: (file) => rm(file, { force: true }),
  };
}
