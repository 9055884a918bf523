/**
 * The node as admission and `describe node` see it: its name and labels (the kubelet's well-known
 * ones plus `--node-labels`), capacity read from the host, allocatable = capacity − `--system-reserved`
 * (k8s pkg/kubelet/cm/node_container_manager_linux.go `GetNodeAllocatableAbsolute`), and `--max-pods`.
 */
export interface NodeResources {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  capacity: NodeResources;
  allocatable: NodeResources;
}

export interface NodeInfoInput {
  name: string;
  extraLabels: Record<string, string>;
  os: string;
  arch: string;
  cpus: number;
  memoryBytes: number;
  maxPods: number;
  reserved: { cpuMillis: number; memoryBytes: number };
}

/** Node's `uname -m` → GOARCH, as `kubernetes.io/arch` carries it. */
export function goArch(nodeArch: string): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[nodeArch] ?? nodeArch;
}

export function makeNodeInfo(input: NodeInfoInput): NodeInfo {
  const capacity: NodeResources = { cpuMillis: input.cpus * 1000, memoryBytes: input.memoryBytes, pods: input.maxPods };
  return {
    name: input.name,
    labels: {
      'kubernetes.io/hostname': input.name,
      'kubernetes.io/os': input.os,
      'kubernetes.io/arch': input.arch,
      ...input.extraLabels,
    },
    capacity,
    allocatable: {
      cpuMillis: Math.max(0, capacity.cpuMillis - input.reserved.cpuMillis),
      memoryBytes: Math.max(0, capacity.memoryBytes - input.reserved.memoryBytes),
      pods: input.maxPods,
    },
  };
}
