import { rm, stat } from 'node:fs/promises';
import type { ContainerLogFiles } from '../log-files.js';
import type { DockerApi } from './docker-calls.js';

/** A container whose logs are weighed: `running` when the engine may write its live file (running, paused or restarting). */
export interface LoggingContainer {
  id: string;
  running: boolean;
}

/** The json-file logs of this node's containers, as files the node-wide log cap can weigh and delete. */
export interface NodeLogFiles {
  /** The log files of `containers` (the node's, as the last relist listed them). */
  list(containers: readonly LoggingContainer[]): Promise<ContainerLogFiles[]>;
  remove(file: string): Promise<void>;
}

/**
 * No list call of its own: the containers are those the relist listed. A container's `LogPath`
 * (fixed for its life) is inspected once and kept while the container is listed, and its rotated
 * files are weighed again only when its live file shrank (the engine rotated: a new live file, the
 * rotated ones renamed and the oldest deleted) or one was removed here: 100 quiet pods cost 200
 * stats every 10 s, no engine call.
 */
export function createNodeLogFiles({ docker, calls }: DockerApi, maxFiles: number): NodeLogFiles {
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
    async list(containers) {
      const listed = new Set(containers.map((c) => c.id));
      for (const id of known.keys()) if (!listed.has(id)) known.delete(id);
      const out: ContainerLogFiles[] = [];
      for (const c of containers) {
        const logPath = await logPathOf(c.id);
        if (!logPath) continue;
        const liveBytes = (await size(logPath)) ?? 0;
        const last = known.get(c.id);
        const rotated = last !== undefined && liveBytes >= last.liveBytes ? last.rotated : await weighRotated(logPath);
        known.set(c.id, { logPath, liveBytes, rotated });
        out.push({ containerId: c.id, running: c.running, live: { path: logPath, bytes: liveBytes }, rotated });
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
