import type Docker from 'dockerode';
import type { CreateContainerSpec } from '../types.js';

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
      Binds: spec.mounts.map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`),
      LogConfig: { Type: 'json-file', Config: {} },
    },
  };
  if (spec.entrypoint !== undefined) options.Entrypoint = spec.entrypoint;
  if (spec.cmd !== undefined) options.Cmd = spec.cmd;
  if (spec.workingDir) options.WorkingDir = spec.workingDir;
  if (spec.hostname) options.Hostname = spec.hostname;
  if (spec.stopTimeout !== undefined) options.StopTimeout = spec.stopTimeout;
  if (spec.portBindings.length > 0) {
    options.ExposedPorts = exposed;
    options.HostConfig!.PortBindings = bindings;
  }
  if (spec.cpuShares !== undefined) options.HostConfig!.CpuShares = spec.cpuShares;
  if (spec.oomScoreAdj !== undefined) options.HostConfig!.OomScoreAdj = spec.oomScoreAdj;
  return options;
}
