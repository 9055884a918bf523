/**
 * `GET /metrics/resource`, what metrics-server ≥ 0.6 scrapes: the Summary's CPU and memory as the
 * kubelet's resource metrics collector writes them (k8s
 * `pkg/kubelet/metrics/collectors/resource_metrics.go`), in the Prometheus text format with each
 * sample's time. Pure.
 */
import type { CpuStats, MemoryStats, StatsSummary } from './stats-summary.js';
import { compareStrings } from '../../shared/compare-strings.js';

export const RESOURCE_METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: string[];
}

const family = (name: string, type: Family['type'], help: string): Family => ({ name, type, help: `[STABLE] ${help}`, samples: [] });

/** `summary` undefined: it could not be read, and the text says so (resource_scrape_error 1) and nothing else. */
export function makeResourceMetrics(summary: StatsSummary | undefined): string {
  const nodeCpu = family('node_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed by the node in core-seconds');
  const nodeMemory = family('node_memory_working_set_bytes', 'gauge', 'Current working set of the node in bytes');
  const startTime = family('container_start_time_seconds', 'gauge', 'Start time of the container since unix epoch in seconds');
  const containerCpu = family('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed by the container in core-seconds');
  const containerMemory = family('container_memory_working_set_bytes', 'gauge', 'Current working set of the container in bytes');
  const podCpu = family('pod_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed by the pod in core-seconds');
  const podMemory = family('pod_memory_working_set_bytes', 'gauge', 'Current working set of the pod in bytes');
  const scrapeError = family('resource_scrape_error', 'gauge', '1 if there was an error while getting container metrics, 0 otherwise');

  scrapeError.samples.push(`${scrapeError.name} ${summary === undefined ? 1 : 0}`);
  if (summary !== undefined) {
    nodeCpu.samples.push(cpuSample(nodeCpu.name, {}, summary.node.cpu));
    nodeMemory.samples.push(memorySample(nodeMemory.name, {}, summary.node.memory));
  }
  for (const pod of summary?.pods ?? []) {
    const { name: podName, namespace } = pod.podRef;
    for (const c of pod.containers) {
      const labels = { container: c.name, namespace, pod: podName };
      startTime.samples.push(`${startTime.name}${formatLabels(labels)} ${Date.parse(c.startTime) / 1000}`);
      containerCpu.samples.push(cpuSample(containerCpu.name, labels, c.cpu));
      containerMemory.samples.push(memorySample(containerMemory.name, labels, c.memory));
    }
    if (pod.cpu) podCpu.samples.push(cpuSample(podCpu.name, { namespace, pod: podName }, pod.cpu));
    if (pod.memory) podMemory.samples.push(memorySample(podMemory.name, { namespace, pod: podName }, pod.memory));
  }
  return [containerCpu, containerMemory, startTime, nodeCpu, nodeMemory, podCpu, podMemory, scrapeError]
    .filter((f) => f.samples.length > 0)
    .map((f) => [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.samples].join('\n'))
    .join('\n')
    .concat('\n');
}

function cpuSample(name: string, labels: Record<string, string>, cpu: CpuStats): string {
  return `${name}${formatLabels(labels)} ${cpu.usageCoreNanoSeconds / 1e9} ${Date.parse(cpu.time)}`;
}

function memorySample(name: string, labels: Record<string, string>, memory: MemoryStats): string {
  return `${name}${formatLabels(labels)} ${memory.workingSetBytes} ${Date.parse(memory.time)}`;
}

/** Labels sorted by name, values escaped as the text format asks (backslash, quote, newline). */
function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => compareStrings(a, b));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}
