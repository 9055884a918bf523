import { fieldError, type FieldProblem } from './field-path.js';
import { httpHeaderNameErrors, portNameErrors } from './name-validation.js';
import type { GRPCAction, HTTPGetAction, Lifecycle, LifecycleHandler, Probe, TCPSocketAction } from './pod-types.js';
import { invalid } from './validate-metadata.js';

/** Probe and lifecycle-hook rules (k8s `pkg/apis/core/validation/validation.go` `validateProbe`, `validateLifecycle`). */

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;

/** `portNames`: the container's named ports, which a probe may use instead of a number. */
export function validateProbe(probe: Probe, path: string, kind: ProbeKind, portNames: ReadonlySet<string>): FieldProblem[] {
  const problems = validateHandlers(probe, path, portNames, 'exec, httpGet, tcpSocket or grpc');
  for (const field of PROBE_COUNTS) {
    if (probe[field] < 0) problems.push(invalid(`${path}.${field}`, probe[field], 'must be greater than or equal to 0'));
  }
  if (kind !== 'readinessProbe' && probe.successThreshold !== 1)
    problems.push(invalid(`${path}.successThreshold`, probe.successThreshold, `must be 1 for a ${kind}`));
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined) {
    if (kind === 'readinessProbe')
      problems.push(fieldError(`${path}.terminationGracePeriodSeconds`, 'must not be set for readinessProbes'));
    else if (grace <= 0) problems.push(invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than 0'));
  }
  return problems;
}

export function validateLifecycle(
  lifecycle: Lifecycle,
  path: string,
  portNames: ReadonlySet<string>,
  podGracePeriod: number,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const hook of ['postStart', 'preStop'] as const) {
    const handler: LifecycleHandler | undefined = lifecycle[hook];
    if (handler === undefined) continue;
    const hookPath = `${path}.${hook}`;
    problems.push(...validateHandlers(handler, hookPath, portNames, 'exec, httpGet or tcpSocket'));
    const seconds = handler.sleep?.seconds;
    if (seconds !== undefined && (seconds < 0 || seconds > podGracePeriod))
      problems.push(
        invalid(`${hookPath}.sleep.seconds`, seconds, `must be between 0 and terminationGracePeriodSeconds (${podGracePeriod}), inclusive`),
      );
  }
  return problems;
}

/** A probe's or a hook's handlers: exactly one of them (k8s `validateHandler`). */
type Handlers = LifecycleHandler & { grpc?: GRPCAction };

function validateHandlers(handler: Handlers, path: string, portNames: ReadonlySet<string>, types: string): FieldProblem[] {
  const set = (['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const).filter((type) => handler[type] !== undefined);
  if (set.length === 0) return [fieldError(path, `must specify a handler type (${types})`)];
  if (set.length > 1) return [fieldError(path, `may not specify more than 1 handler type (has ${set.join(' and ')})`)];
  const problems: FieldProblem[] = [];
  if (handler.exec && handler.exec.command.length === 0) problems.push(fieldError(`${path}.exec.command`, 'required'));
  if (handler.httpGet) problems.push(...validateHttpGet(handler.httpGet, `${path}.httpGet`, portNames));
  if (handler.tcpSocket) problems.push(...validatePort(handler.tcpSocket, `${path}.tcpSocket.port`, portNames));
  if (handler.grpc) problems.push(...validatePortNumber(handler.grpc.port, `${path}.grpc.port`));
  return problems;
}

function validateHttpGet(action: HTTPGetAction, path: string, portNames: ReadonlySet<string>): FieldProblem[] {
  const problems = validatePort(action, `${path}.port`, portNames);
  action.httpHeaders.forEach((header, i) => {
    for (const e of httpHeaderNameErrors(header.name)) problems.push(invalid(`${path}.httpHeaders[${i}].name`, header.name, e));
  });
  return problems;
}

/** A port number, or the name of one of the container's ports (checked here, not at probe time). */
function validatePort(action: HTTPGetAction | TCPSocketAction, path: string, portNames: ReadonlySet<string>): FieldProblem[] {
  const port = action.port;
  if (typeof port === 'number') return validatePortNumber(port, path);
  if (/^\d+$/.test(port)) return [invalid(path, port, 'a port number must not be quoted; write it as a number')];
  const nameErrors = portNameErrors(port);
  if (nameErrors.length > 0) return nameErrors.map((e) => invalid(path, port, e));
  if (!portNames.has(port))
    return [fieldError(path, `port ${JSON.stringify(port)} not found: name it in this container's ports, or use the number`)];
  return [];
}

/** k8s `IsValidPortNum`; a gRPC port is always a number (`validateGRPCAction`). */
function validatePortNumber(port: number, path: string): FieldProblem[] {
  return port >= 1 && port <= 65535 ? [] : [invalid(path, port, 'must be between 1 and 65535, inclusive')];
}
