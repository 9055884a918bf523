import type Docker from 'dockerode';
import type { BindMount, CreateContainerSpec } from '../types.js';
import { jsonFileLogOptions } from './json-file-log-options.js';

function portKey(p: { containerPort: number; protocol: string }): string {
  return `${p.containerPort}/${p.protocol.toLowerCase()}`;
}

/**
 * Our container spec → the Docker create body (pure). Mirrors cri-dockerd's
 * `makeSandboxDockerConfig` / `CreateContainer`: Docker's own restart policy is `no` (the agent
 * restarts), its healthcheck is off, and hostname/ports only go on the sandbox.
 */
export function makeCreateOptions(spec: CreateContainerSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.portBindings) {
    const key = portKey(p);
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIP ?? '', HostPort: String(p.hostPort) });
  }
  const options: Docker.ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    Labels: spec.labels,
    Env: spec.env,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    StdinOnce: spec.stdinOnce,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Healthcheck: { Test: ['NONE'] },
    HostConfig: {
      NetworkMode: spec.networkMode,
      IpcMode: spec.ipcMode,
      RestartPolicy: { Name: 'no' },
      Binds: spec.mounts.map(bindOf),
      LogConfig: { Type: 'json-file', Config: jsonFileLogOptions(spec.logRotation) },
    },
  };
  if (spec.entrypoint !== undefined) options.Entrypoint = spec.entrypoint;
  if (spec.cmd !== undefined) options.Cmd = spec.cmd;
  if (spec.workingDir) options.WorkingDir = spec.workingDir;
  if (spec.hostname) options.Hostname = spec.hostname;
  if (spec.domainname) options.Domainname = spec.domainname;
  if (spec.stopTimeout !== undefined) options.StopTimeout = spec.stopTimeout;
  if (spec.portBindings.length > 0) {
    options.ExposedPorts = exposed;
    options.HostConfig!.PortBindings = bindings;
  }
  if (spec.cpuShares !== undefined) options.HostConfig!.CpuShares = spec.cpuShares;
  if (spec.oomScoreAdj !== undefined) options.HostConfig!.OomScoreAdj = spec.oomScoreAdj;
  if (spec.runtime !== undefined) options.HostConfig!.Runtime = spec.runtime;
  applyIsolation(options, spec);
  return options;
}

/** `source:target[:ro][,rslave|rshared]` (cri-dockerd `generateMountBindings`). */
function bindOf(m: BindMount): string {
  const attrs = [...(m.readOnly ? ['ro'] : []), ...(m.propagation ? [m.propagation] : [])];
  return `${m.source}:${m.target}${attrs.length > 0 ? `:${attrs.join(',')}` : ''}`;
}

/**
 * cgroups, namespaces, security and name resolution, as cri-dockerd sets them: `MemorySwap =
 * Memory` (no swap), `CpuPeriod` always with `CpuQuota` (0 = no limit), the pod cgroup as
 * `CgroupParent`, and DNS/hosts entries only where the network namespace is the container's own.
 */
function applyIsolation(options: Docker.ContainerCreateOptions, spec: CreateContainerSpec): void {
  const host = options.HostConfig!;
  if (spec.limits) {
    host.CpuQuota = spec.limits.cpuQuota;
    host.CpuPeriod = spec.limits.cpuPeriod;
    if (spec.limits.memory !== undefined) {
      host.Memory = spec.limits.memory;
      host.MemorySwap = spec.limits.memorySwap ?? spec.limits.memory;
    }
    if (spec.limits.pidsLimit !== undefined) host.PidsLimit = spec.limits.pidsLimit;
  }
  if (spec.cgroupParent) host.CgroupParent = spec.cgroupParent;
  if (spec.pidMode) host.PidMode = spec.pidMode;
  const sec = spec.security;
  if (sec?.user) options.User = sec.user;
  if (sec?.groupAdd?.length) host.GroupAdd = sec.groupAdd;
  if (sec?.privileged) host.Privileged = true;
  if (sec?.readonlyRootfs) host.ReadonlyRootfs = true;
  if (sec?.capAdd?.length) host.CapAdd = sec.capAdd;
  if (sec?.capDrop?.length) host.CapDrop = sec.capDrop;
  if (sec?.securityOpt?.length) host.SecurityOpt = sec.securityOpt;
  if (spec.sysctls && Object.keys(spec.sysctls).length > 0) host.Sysctls = spec.sysctls;
  if (spec.extraHosts?.length) host.ExtraHosts = spec.extraHosts;
  if (spec.dns) {
    if (spec.dns.servers.length > 0) host.Dns = spec.dns.servers;
    if (spec.dns.searches.length > 0) host.DnsSearch = spec.dns.searches;
    if (spec.dns.options.length > 0) host.DnsOptions = spec.dns.options;
  }
}
