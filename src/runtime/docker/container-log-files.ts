import { rm, stat } from 'node:fs/promises';
import type { ContainerLogFiles } from '../log-files.js';
import { LABEL_NODE_NAME } from '../labels.js';
import type { DockerApi } from './docker-calls.js';

/** The json-file logs of this node's containers, as files the node-wide log cap can weigh and delete. */
export interface NodeLogFiles {
  list(): Promise<ContainerLogFiles[]>;
  remove(file: string): Promise<void>;
}

/** The list's states in which inspect's `State.Running` is true: the engine may write the live file. */
const ENGINE_RUNNING_STATES = new Set(['running', 'paused', 'restarting']);

/**
 * One list call a pass; a container's `LogPath` (fixed for its life) is inspected once and kept
 * while the container is listed, so 100 pods cost no inspect every 10 s.
 */
export function createNodeLogFiles({ docker, calls }: DockerApi, nodeName: string, maxFiles: number): NodeLogFiles {
  const size = async (file: string) => (await stat(file).catch(() => undefined))?.size;
  const logPaths = new Map<string, string>();
  const logPathOf = async (id: string): Promise<string | undefined> => {
    const known = logPaths.get(id);
    if (known !== undefined) return known;
    const info = await calls.call('inspect_container', () => docker.getContainer(id).inspect()).catch(() => undefined);
    // Empty until the container first starts: asked again next pass.
    if (info?.LogPath) logPaths.set(id, info.LogPath);
    return info?.LogPath || undefined;
  };
  return {
    async list() {
      const containers = await calls.call('list_containers', () => docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE_NAME}=${nodeName}`] } }));
      const listed = new Set(containers.map((c) => c.Id));
      for (const id of logPaths.keys()) if (!listed.has(id)) logPaths.delete(id);
      const out: ContainerLogFiles[] = [];
      for (const c of containers) {
        const logPath = await logPathOf(c.Id);
        if (!logPath) continue;
        const rotated: ContainerLogFiles['rotated'][number][] = [];
        for (let i = 1; i < maxFiles; i++) {
          const bytes = await size(`${logPath}.${i}`);
          if (bytes !== undefined) rotated.push({ path: `${logPath}.${i}`, bytes });
        }
        out.push({ containerId: c.Id, running: ENGINE_RUNNING_STATES.has(c.State), live: { path: logPath, bytes: (await size(logPath)) ?? 0 }, rotated });
      }
      return out;
    },
    // The engine renames rotated files past a missing one (moby jsonfilelog `rotate` skips ENOENT).
    remove: (file) => rm(file, { force: true }),
  };
}
