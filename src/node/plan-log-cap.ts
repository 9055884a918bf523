import type { ContainerLogFiles } from '../runtime/log-files.js';

export type { ContainerLogFiles };

/**
 * The node-wide cap on container logs (issue 17 §3; the kubelet has only the per-container
 * rotation, containerLogMaxSize × containerLogMaxFiles, which a node with many containers, or
 * many dead instances, multiplies). Over the cap, rotated files go first, oldest data first: the
 * dead containers' (only `logs --previous` reads them), then the running containers' with the most
 * log, one file at a time; then the live logs of dead containers. A running container's live file
 * is never touched (the engine writes it), so the cap holds to within one live file per running
 * container (`containerLogMaxSize` each). Pure: returns the files to delete, in order.
 */
export function planLogCap(containers: readonly ContainerLogFiles[], capBytes: number): string[] {
  let total = containers.reduce((sum, c) => sum + c.live.bytes + c.rotated.reduce((s, f) => s + f.bytes, 0), 0);
  if (total <= capBytes) return [];
  const remove: string[] = [];
  const take = (file: { path: string; bytes: number }): boolean => {
    remove.push(file.path);
    total -= file.bytes;
    return total <= capBytes;
  };
  const dead = containers.filter((c) => !c.running);
  for (const c of dead) for (const f of [...c.rotated].reverse()) if (take(f)) return remove;
  // Running containers: repeatedly the oldest rotated file of the one with the most log left.
  const queues = containers.filter((c) => c.running).map((c) => ({ files: [...c.rotated].reverse(), bytes: c.live.bytes + c.rotated.reduce((s, f) => s + f.bytes, 0) }));
  for (;;) {
    const biggest = queues.filter((q) => q.files.length > 0).sort((a, b) => b.bytes - a.bytes)[0];
    if (!biggest) break;
    const file = biggest.files.shift()!;
    biggest.bytes -= file.bytes;
    if (take(file)) return remove;
  }
  for (const c of dead) if (c.live.bytes > 0 && take(c.live)) return remove;
  return remove;
}
