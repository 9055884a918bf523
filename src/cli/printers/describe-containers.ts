import type { Container, ContainerPort } from '../../api/pod-types.js';
import type { ContainerState, ContainerStatus } from '../../api/pod-status-types.js';
import { describeProbe } from './describe-probe.js';
import { describeEnvFrom, describeEnvSource } from './describe-projections.js';
import { printBool, type PrefixWriter, rfc1123z, stringOrNone } from './describe-writer.js';

/** kubectl `describeContainers` (staging/src/k8s.io/kubectl/pkg/describe/describe.go). */
export function describeContainers(w: PrefixWriter, label: string, containers: readonly Container[], statuses: readonly ContainerStatus[]): void {
  w.write(0, `${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const container of containers) {
    const status = statuses.find((s) => s.name === container.name);
    describeBasicInfo(w, container, status);
    describeCommand(w, container);
    if (status) describeContainerState(w, status);
    describeResources(w, container);
    describeProbes(w, container);
    describeEnv(w, container);
    describeMounts(w, container);
  }
}

function portList(ports: readonly ContainerPort[], port: (p: ContainerPort) => number): string {
  return ports.map((p) => `${port(p)}/${p.protocol}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

function describeBasicInfo(w: PrefixWriter, c: Container, status: ContainerStatus | undefined): void {
  w.write(1, `${c.name}:\n`);
  if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(2, `Image:\t${c.image}\n`);
  if (status) w.write(2, `Image ID:\t${status.imageID}\n`);
  const ports = portList(c.ports, (p) => p.containerPort);
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portList(c.ports, (p) => p.hostPort ?? 0);
  w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${stringOrNone(hostPorts)}\n`);
}

function describeCommand(w: PrefixWriter, c: Container): void {
  for (const [title, values] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!values || values.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const value of values) for (const line of value.split('\n')) w.write(3, `${line}\n`);
  }
}

function describeState(w: PrefixWriter, title: string, state: ContainerState): void {
  if (state.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal && t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
  }
}

function describeContainerState(w: PrefixWriter, status: ContainerStatus): void {
  describeState(w, 'State', status.state);
  if (status.lastState.terminated) describeState(w, 'Last State', status.lastState);
  w.write(2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(2, `Restart Count:\t${status.restartCount}\n`);
}

function describeResources(w: PrefixWriter, c: Container): void {
  for (const [title, list] of [['Limits', c.resources.limits], ['Requests', c.resources.requests]] as const) {
    const names = Object.keys(list).sort();
    if (names.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const name of names) w.write(3, `${name}:\t${list[name]}\n`);
  }
}

function describeProbes(w: PrefixWriter, c: Container): void {
  if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

function describeEnv(w: PrefixWriter, c: Container): void {
  describeEnvFrom(w, c);
  w.write(2, `Environment:${c.env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of c.env) {
    if (e.valueFrom && !e.value) {
      describeEnvSource(w, e);
      continue;
    }
    (e.value ?? '').split('\n').forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
  }
}

function describeMounts(w: PrefixWriter, c: Container): void {
  w.write(2, `Mounts:${c.volumeMounts.length === 0 ? '\t<none>' : ''}\n`);
  const mounts = [...c.volumeMounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}
