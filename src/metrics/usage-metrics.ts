/**
 * The pods' CPU and memory from their cgroups (issue 16 §1), under the kubelet's resource metric
 * names (pkg/kubelet/metrics/collectors/resource_metrics.go: `pod_memory_working_set_bytes`,
 * `pod_cpu_usage_seconds_total`, labels `namespace` and `pod`) with the `minikubelet_` prefix,
 * and the same two for the kubepods cgroup, every pod together. Read once per scrape
 * (`Metrics.exposition`), never on a timer; a pod whose cgroup cannot be read is left out.
 */
import { Counter, Gauge, type Registry } from './prom-client.js';
import type { NodeUsage } from '../cgroups/cgroup-usage-reader.js';

export function registerUsageMetrics(registry: Registry, usage: () => NodeUsage | undefined): void {
  const registers = [registry];
  const labelNames = ['namespace', 'pod'] as const;
  new Gauge({
    name: 'minikubelet_pod_memory_working_set_bytes', help: 'Current working set of the pod in bytes (its cgroup: usage minus inactive file cache)', labelNames, registers,
    collect() {
      this.reset();
      for (const p of usage()?.pods ?? []) this.set({ namespace: p.namespace, pod: p.name }, p.usage.memoryWorkingSetBytes);
    },
  });
  new Counter({
    name: 'minikubelet_pod_cpu_usage_seconds_total', help: 'Cumulative cpu time consumed by the pod in core-seconds', labelNames, registers,
    collect() {
      this.reset();
      for (const p of usage()?.pods ?? []) this.inc({ namespace: p.namespace, pod: p.name }, p.usage.cpuUsageSeconds);
    },
  });
  new Gauge({
    name: 'minikubelet_kubepods_memory_working_set_bytes', help: 'Current working set of all pods together (the kubepods cgroup) in bytes', registers,
    collect() {
      this.reset();
      const kubepods = usage()?.kubepods;
      if (kubepods) this.set(kubepods.memoryWorkingSetBytes);
    },
  });
  new Counter({
    name: 'minikubelet_kubepods_cpu_usage_seconds_total', help: 'Cumulative cpu time consumed by all pods together (the kubepods cgroup) in core-seconds', registers,
    collect() {
      this.reset();
      const kubepods = usage()?.kubepods;
      if (kubepods) this.inc(kubepods.cpuUsageSeconds);
    },
  });
}
