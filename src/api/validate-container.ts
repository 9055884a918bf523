import { isIP } from 'node:net';
import { fieldError, type FieldProblem } from './field-path.js';
import { dns1123LabelErrors, envVarNameErrors, portNameErrors } from './name-validation.js';
import { type Container, isSidecar } from './pod-types.js';
import { invalid } from './validate-metadata.js';
import { validateEnvSources } from './validate-env.js';
import { validateLifecycle, validateProbe } from './validate-probe.js';
import { validateResources } from './validate-resources.js';
import { validateContainerSecurity } from './validate-security.js';
import { validateVolumeMounts } from './validate-volumes.js';

/** One container's own rules (k8s `validateContainerCommon`, `validateInitContainers`, `validateContainers`). */

export interface ContainerContext {
  /** `spec.containers[1]` */
  path: string;
  init: boolean;
  volumeNames: ReadonlySet<string>;
  podGracePeriod: number;
  hostNetwork: boolean;
}

const INIT_FORBIDDEN = 'may not be set for init containers without restartPolicy=Always';

export function validateContainer(c: Container, ctx: ContainerContext): FieldProblem[] {
  const { path } = ctx;
  const problems: FieldProblem[] = [];
  if (c.name === '') problems.push(fieldError(`${path}.name`, 'required'));
  else for (const e of dns1123LabelErrors(c.name)) problems.push(invalid(`${path}.name`, c.name, e));
  if (c.image === '') problems.push(fieldError(`${path}.image`, 'required'));
  else if (/\s/.test(c.image)) problems.push(invalid(`${path}.image`, c.image, 'must not contain whitespace'));
  // Docker needs absolute paths here; Kubernetes would fail later, at container creation.
  for (const field of ['workingDir', 'terminationMessagePath'] as const) {
    const value = c[field];
    if (value !== undefined && value !== '' && !value.startsWith('/'))
      problems.push(invalid(`${path}.${field}`, value, 'must be an absolute path'));
  }
  c.env.forEach((env, i) => {
    const at = `${path}.env[${i}].name`;
    for (const e of envVarNameErrors(env.name)) problems.push(e === 'required' ? fieldError(at, e) : invalid(at, env.name, e));
  });
  problems.push(...validateEnvSources(c, path));
  problems.push(...validatePorts(c, ctx));
  problems.push(...validateVolumeMounts(c, path, ctx.volumeNames));
  problems.push(...validateResources(c.resources, `${path}.resources`));
  problems.push(...validateContainerSecurity(c, path));
  const portNames = new Set(c.ports.flatMap((p) => (p.name !== undefined ? [p.name] : [])));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[kind];
    if (probe === undefined) continue;
    if (ctx.init && !isSidecar(c)) problems.push(fieldError(`${path}.${kind}`, INIT_FORBIDDEN));
    else problems.push(...validateProbe(probe, `${path}.${kind}`, kind, portNames));
  }
  if (c.lifecycle !== undefined) {
    if (ctx.init && !isSidecar(c)) problems.push(fieldError(`${path}.lifecycle`, INIT_FORBIDDEN));
    else problems.push(...validateLifecycle(c.lifecycle, `${path}.lifecycle`, portNames, ctx.podGracePeriod));
  }
  return problems;
}

function validatePorts(c: Container, ctx: ContainerContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  c.ports.forEach((port, i) => {
    const at = `${ctx.path}.ports[${i}]`;
    if (port.containerPort < 1 || port.containerPort > 65535)
      problems.push(invalid(`${at}.containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
    if (port.hostPort !== undefined && port.hostPort !== 0 && (port.hostPort < 1 || port.hostPort > 65535))
      problems.push(invalid(`${at}.hostPort`, port.hostPort, 'must be between 1 and 65535, inclusive'));
    if (ctx.hostNetwork && port.hostPort !== undefined && port.hostPort !== port.containerPort)
      problems.push(invalid(`${at}.hostPort`, port.hostPort, 'must match containerPort when hostNetwork is true'));
    if (port.hostIP !== undefined && port.hostIP !== '' && isIP(port.hostIP) === 0)
      problems.push(invalid(`${at}.hostIP`, port.hostIP, 'must be a valid IP address'));
    if (port.name !== undefined) {
      for (const e of portNameErrors(port.name)) problems.push(invalid(`${at}.name`, port.name, e));
      if (names.has(port.name)) problems.push(fieldError(`${at}.name`, `duplicate port name ${JSON.stringify(port.name)}`));
      names.add(port.name);
    }
  });
  return problems;
}
