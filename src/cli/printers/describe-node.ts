import type { NodeUsage } from '../../cgroups/cgroup-usage-reader.js';
import { podLimits, podRequests } from '../../admission/pod-requests.js';
import { type ApiNode, formatCpu, nonTerminatedPods } from '../../node/api-node.js';
import { cpuToMillicores, memoryToBytes } from '../../api/quantity.js';
import type { ApiPod } from '../../api/api-pod.js';
import { PrefixWriter, printLabelsMultiline, rfc1123z } from './describe-writer.js';
import { timestampSince } from '../../shared/human-duration.js';
import { nodeRoles } from '../../node/node-roles.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** kubectl's memory column: bytes as a quantity (`128Mi`, `1Gi`, `0`). */
function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `(${Math.floor((part / whole) * 100)}%)` : '(0%)';
}

/** Memory as `kubectl top` prints it: whole Mi (Ki under 1 Mi). */
function formatUsageBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)}Mi` : `${Math.round(bytes / 2 ** 10)}Ki`;
}

/**
 * Not in kubectl (which asks metrics-server, `kubectl top`): what the pods use now, from their
 * cgroups (the working set as the kubelet counts it, and the CPU time used since each began).
 */
function printUsage(w: PrefixWriter, usage: NodeUsage | Error, memTotal: number): void {
  if (usage instanceof Error) {
    w.write(0, `Resource usage:\t<unavailable: ${usage.message}>\n`);
    return;
  }
  w.write(0, 'Resource usage:\n  (from the pod cgroups: memory working set, CPU time used)\n');
  w.write(1, 'Namespace\tName\tMemory\tCPU time\n');
  w.write(1, '---------\t----\t------\t--------\n');
  for (const p of [...usage.pods].sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name))) {
    w.write(1, `${p.namespace}\t${p.name}\t${formatUsageBytes(p.usage.memoryWorkingSetBytes)}\t${p.usage.cpuUsageSeconds.toFixed(2)}s\n`);
  }
  if (usage.kubepods) {
    const k = usage.kubepods;
    w.write(1, `(all pods)\t\t${formatUsageBytes(k.memoryWorkingSetBytes)} ${percent(k.memoryWorkingSetBytes, memTotal)}\t${k.cpuUsageSeconds.toFixed(2)}s\n`);
  }
}

/**
 * kubectl `describe node` (describeNode): identity, conditions, addresses, capacity and
 * allocatable, system info, the non-terminated pods with their requests and limits, and the
 * allocated totals against allocatable.
 */
export function describeNode(node: ApiNode, pods: readonly ApiPod[], nowMs: number, usage?: NodeUsage | Error): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${node.metadata.name}\n`);
  w.write(0, `Roles:\t${nodeRoles(node)}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  w.write(0, 'Annotations:\t<none>\n');
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  w.write(0, 'Taints:\t<none>\n');
  w.write(0, 'Unschedulable:\tfalse\n');
  w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n  ----\t------\t-----------------\t------------------\t------\t-------\n');
  for (const c of node.status.conditions) {
    w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastHeartbeatTime)}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason}\t${c.message}\n`);
  }
  w.write(0, 'Addresses:\n');
  for (const a of node.status.addresses) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', node.status.capacity], ['Allocatable', node.status.allocatable]] as const) {
    w.write(0, `${title}:\n`);
    for (const key of Object.keys(list).sort()) w.write(1, `${key}:\t${list[key]}\n`);
  }
  const info = node.status.nodeInfo;
  w.write(0, 'System Info:\n');
  w.write(1, `Kernel Version:\t${info.kernelVersion}\n`);
  w.write(1, `OS Image:\t${info.osImage}\n`);
  w.write(1, `Operating System:\t${info.operatingSystem}\n`);
  w.write(1, `Architecture:\t${info.architecture}\n`);
  w.write(1, `Container Runtime Version:\t${info.containerRuntimeVersion}\n`);
  w.write(1, `Kubelet Version:\t${info.kubeletVersion}\n`);
  const running = nonTerminatedPods(pods);
  const allocCpu = cpuToMillicores(node.status.allocatable.cpu ?? '0');
  const allocMem = memoryToBytes(node.status.allocatable.memory ?? '0');
  const cpuTotal = allocCpu.ok ? allocCpu.value : 0;
  const memTotal = allocMem.ok ? allocMem.value : 0;
  w.write(0, `Non-terminated Pods:\t(${running.length} in total)\n`);
  w.write(1, 'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t------------\t----------\t---------------\t-------------\t---\n');
  const sums = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const pod of running) {
    const req = podRequests(pod);
    const lim = podLimits(pod);
    sums.cpuReq += req.cpuMillis;
    sums.memReq += req.memoryBytes;
    sums.cpuLim += lim.cpuMillis ?? 0;
    sums.memLim += lim.memoryBytes ?? 0;
    w.write(
      1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t${formatCpu(req.cpuMillis)} ${percent(req.cpuMillis, cpuTotal)}\t` +
        `${formatCpu(lim.cpuMillis ?? 0)} ${percent(lim.cpuMillis ?? 0, cpuTotal)}\t${formatBytes(req.memoryBytes)} ${percent(req.memoryBytes, memTotal)}\t` +
        `${formatBytes(lim.memoryBytes ?? 0)} ${percent(lim.memoryBytes ?? 0, memTotal)}\t${timestampSince(pod.metadata.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  w.write(1, `cpu\t${formatCpu(sums.cpuReq)} ${percent(sums.cpuReq, cpuTotal)}\t${formatCpu(sums.cpuLim)} ${percent(sums.cpuLim, cpuTotal)}\n`);
  w.write(1, `memory\t${formatBytes(sums.memReq)} ${percent(sums.memReq, memTotal)}\t${formatBytes(sums.memLim)} ${percent(sums.memLim, memTotal)}\n`);
  if (usage !== undefined) printUsage(w, usage, memTotal);
  w.write(0, 'Events:\t<none>\n');
  return w.toString();
}
