import { arch, availableParallelism, platform, totalmem } from 'node:os';
import { cpuToMillicores, memoryToBytes } from '../api/quantity.js';
import { type NodeInfo, goArch, makeNodeInfo } from './node-info.js';

export interface NodeOptions {
  nodeName: string;
  nodeLabels: Record<string, string>;
  systemReserved: Record<string, string>;
  maxPods: number;
}

/** The node from the host's CPUs and memory and the flags; a bad `--system-reserved` is an error naming it. */
export function nodeInfoFromHost(options: NodeOptions): NodeInfo {
  const reserved = { cpuMillis: 0, memoryBytes: 0 };
  for (const [name, text] of Object.entries(options.systemReserved)) {
    if (name !== 'cpu' && name !== 'memory') throw new Error(`--system-reserved: unknown resource "${name}" (cpu and memory are supported)`);
    const parsed = name === 'cpu' ? cpuToMillicores(text) : memoryToBytes(text);
    if (!parsed.ok) throw new Error(`--system-reserved ${name}=${text}: ${parsed.error}`);
    if (name === 'cpu') reserved.cpuMillis = parsed.value;
    else reserved.memoryBytes = parsed.value;
  }
  return makeNodeInfo({
    name: options.nodeName,
    extraLabels: options.nodeLabels,
    os: platform(),
    arch: goArch(arch()),
    cpus: availableParallelism(),
    memoryBytes: totalmem(),
    maxPods: options.maxPods,
    reserved,
  });
}
