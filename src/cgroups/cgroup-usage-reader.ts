import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Pod } from '../api/pod-types.js';
import type { CgroupLayout } from '../runtime/cgroup-layout.js';
import { type CgroupUsage, computeCgroupUsage, parseOomKillCount } from './cgroup-usage.js';
import { containerCgroupPath, KUBEPODS, podCgroupPath } from './pod-cgroup-name.js';
import { makePodResources } from './pod-resources.js';

/** The pods' usage as the node reads it: the kubepods cgroup (every pod together) and each pod's. */
export interface NodeUsage {
  /** When the files were read, epoch ms. */
  readAtMs: number;
  /** The kubepods cgroup; undefined where it cannot be read (no pod cgroups here). */
  kubepods: CgroupUsage | undefined;
  pods: PodUsage[];
}

export interface PodUsage {
  namespace: string;
  name: string;
  uid: string;
  usage: CgroupUsage;
}

/**
 * Reads the usage files of the kubepods, pod and container cgroups (`cgroup-usage.ts` parses
 * them) where the engine's driver puts them (`pod-cgroup-name.ts`). A cgroup that is not there
 * (a pod still starting, or gone) or a file that does not read as expected gives undefined: usage
 * is reported where it can be read, never made up.
 */
export class CgroupUsageReader {
  constructor(private readonly layout: CgroupLayout) {}

  /** Every pod given, and kubepods; read when asked (a scrape, `describe node`), never on a timer. */
  async node(pods: readonly Pod[], nowMs: number): Promise<NodeUsage> {
    const kubepods = await this.read(this.layout.driver === 'systemd' ? `${KUBEPODS}.slice` : KUBEPODS);
    // One pod after the other: 100 pods' files read at once would hold their buffers all together.
    const read: PodUsage[] = [];
    for (const pod of pods) {
      const usage = await this.read(podCgroupPath(this.layout.driver, makePodResources(pod).qos, pod.metadata.uid));
      if (usage) read.push({ namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid, usage });
    }
    return { readAtMs: nowMs, kubepods, pods: read };
  }

  /** The OOM kills counted in a container's cgroup (and below it); undefined where the kernel does not count them or the cgroup is gone. */
  async containerOomKills(pod: Pod, containerId: string): Promise<number | undefined> {
    const relative = containerCgroupPath(this.layout.driver, makePodResources(pod).qos, pod.metadata.uid, containerId);
    const file = this.layout.version === 1 ? this.file('memory', relative, 'memory.oom_control') : this.file('', relative, 'memory.events');
    const text = await readCgroupFile(file).catch(() => undefined);
    return text === undefined ? undefined : parseOomKillCount(text);
  }

  private async read(relative: string): Promise<CgroupUsage | undefined> {
    const v1 = this.layout.version === 1;
    try {
      const memoryUsage = await readCgroupFile(this.file(v1 ? 'memory' : '', relative, v1 ? 'memory.usage_in_bytes' : 'memory.current'));
      const memoryStat = await readCgroupFile(this.file(v1 ? 'memory' : '', relative, 'memory.stat'));
      const cpu = await readCgroupFile(this.file(v1 ? 'cpuacct' : '', relative, v1 ? 'cpuacct.usage' : 'cpu.stat'));
      return computeCgroupUsage(this.layout.version, { memoryUsage, memoryStat, cpu });
    } catch {
      return undefined;
    }
  }

  private file(controller: string, relative: string, name: string): string {
    return path.join(this.layout.mountPoint, controller, relative, name);
  }
}

/** cgroup files report size 0 to stat, so `readFile` reads them into a 64 KiB buffer each: 4 KiB chunks here (they hold a few hundred bytes). */
async function readCgroupFile(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}
