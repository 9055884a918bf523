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
 * while the container is listed, and its rotated files are weighed again only when its live file
 * shrank (the engine rotated: a new live file, the rotated ones renamed and the oldest deleted) or
 * one was removed here: 100 quiet pods cost one list and 200 stats every 10 s, no inspect.
 */
export function createNodeLogFiles({ docker, calls }: DockerApi, nodeName: string, maxFiles: number): NodeLogFiles {
  const size = async (file: string) => (await stat(file).catch(() => undefined))?.size;
  const known = new Map<string, { logPath: string; liveBytes: number; rotated: ContainerLogFiles['rotated'] }>();
  const logPathOf = async (id: string): Promise<string | undefined> => {
    const logPath = known.get(id)?.logPath;
    if (logPath !== undefined) return logPath;
    const info = await calls.call('inspect_container', () => docker.getContainer(id).inspect()).catch(() => undefined);
    // Empty until the container first starts: asked again next pass.
    return info?.LogPath || undefined;
  };
  const weighRotated = async (logPath: string) => {
    const rotated: ContainerLogFiles['rotated'][number][] = [];
    for (let i = 1; i < maxFiles; i++) {
      const bytes = await size(`${logPath}.${i}`);
      if (bytes !== undefined) rotated.push({ path: `${logPath}.${i}`, bytes });
    }
    return rotated;
  };
  return {
    async list() {
      const containers = await calls.call('list_containers', () => docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE_NAME}=${nodeName}`] } }));
      const listed = new Set(containers.map((c) => c.Id));
      for (const id of known.keys()) if (!listed.has(id)) known.delete(id);
      const out: ContainerLogFiles[] = [];
      for (const c of containers) {
        const logPath = await logPathOf(c.Id);
        if (!logPath) continue;
        const liveBytes = (await size(logPath)) ?? 0;
        const last = known.get(c.Id);
        const rotated = last !== undefined && liveBytes >= last.liveBytes ? last.rotated : await weighRotated(logPath);
        known.set(c.Id, { logPath, liveBytes, rotated });
        out.push({ containerId: c.Id, running: ENGINE_RUNNING_STATES.has(c.State), live: { path: logPath, bytes: liveBytes }, rotated });
      }
      return out;
    },
    // The engine renames rotated files past a missing one (moby jsonfilelog `rotate` skips ENOENT).
    async remove(file) {
      await rm(file, { force: true });
      // Weighed again next pass.
      for (const entry of known.values()) if (file.startsWith(`${entry.logPath}.`)) entry.liveBytes = Infinity;
    },
  };
}
