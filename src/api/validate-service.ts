import { childPath, fieldError, type FieldProblem } from './field-path.js';
import { dns1123LabelErrors, labelValueErrors, portNameErrors, qualifiedNameErrors } from './name-validation.js';
import { MAX_CLIENT_IP_TIMEOUT_SECONDS, type Service } from './service-types.js';
import { invalid, validateMetadata } from './validate-metadata.js';
import { ipv4ToNumber } from '../shared/ipv4-cidr.js';

/**
 * k8s `pkg/apis/core/validation/validation.go` `ValidateService`, for the types one node serves:
 * a DNS-1035 name, ports (named when more than one, unique names and port/protocol pairs, valid
 * numbers, targetPort a number or an IANA_SVC_NAME), no nodePort on a ClusterIP Service, no
 * headless NodePort, a valid clusterIP, the ClientIP affinity timeout. Whether an asked-for
 * clusterIP or nodePort is in the range and free is the allocator's answer (`allocate-service-addresses.ts`).
 */

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const PORT_RANGE = 'must be between 1 and 65535, inclusive';

export function validateService(service: Service): FieldProblem[] {
  const { metadata, spec } = service;
  const problems: FieldProblem[] = [];
  if (metadata.name === '') problems.push(fieldError('metadata.name', 'required: every Service needs a name'));
  else {
    if (metadata.name.length > 63) problems.push(invalid('metadata.name', metadata.name, 'must be no more than 63 characters'));
    if (!DNS1035_LABEL.test(metadata.name)) problems.push(invalid('metadata.name', metadata.name, DNS1035_MESSAGE));
  }
  problems.push(...validateMetadata({ ...metadata, name: 'x', uid: '' }));
  const headless = spec.clusterIP === 'None';
  if (spec.clusterIP !== '' && !headless && ipv4ToNumber(spec.clusterIP) === undefined)
    problems.push(invalid('spec.clusterIP', spec.clusterIP, 'must be a valid IPv4 address (e.g. 10.96.0.20), or None for a headless Service'));
  if (headless && spec.type === 'NodePort') problems.push(invalid('spec.clusterIP', 'None', "may not be set to 'None' for LoadBalancer or NodePort services"));
  if (spec.ports.length === 0 && !headless) problems.push(fieldError('spec.ports', 'Required value: a Service with a virtual IP needs at least one port (or clusterIP: None for a headless Service)'));
  problems.push(...validatePorts(service));
  for (const [key, value] of Object.entries(spec.selector ?? {})) {
    for (const e of qualifiedNameErrors(key)) problems.push(invalid('spec.selector', key, e));
    for (const e of labelValueErrors(value)) problems.push(invalid(childPath('spec.selector', key), value, e));
  }
  const timeout = spec.sessionAffinityTimeoutSeconds;
  if (spec.sessionAffinity === 'ClientIP' && (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS))
    problems.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT_SECONDS}`));
  return problems;
}

function validatePorts(service: Service): FieldProblem[] {
  const { ports, type } = service.spec;
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  const pairs = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const at = (field: string) => childPath(childPath('spec.ports', i), field);
    if (ports.length > 1 && p.name === '') problems.push(fieldError(at('name'), 'Required value: every port needs a name when a Service has more than one'));
    if (p.name !== '') {
      for (const e of dns1123LabelErrors(p.name)) problems.push(invalid(at('name'), p.name, e));
      if (names.has(p.name)) problems.push(fieldError(at('name'), `Duplicate value: ${JSON.stringify(p.name)}`));
      names.add(p.name);
    }
    if (p.port < 1 || p.port > 65535) problems.push(invalid(at('port'), p.port, PORT_RANGE));
    if (typeof p.targetPort === 'number') {
      // Defaulted from the port (or equal to it): the port's own message says it once.
      if (p.targetPort !== p.port && (p.targetPort < 1 || p.targetPort > 65535)) problems.push(invalid(at('targetPort'), p.targetPort, PORT_RANGE));
    } else for (const e of portNameErrors(p.targetPort)) problems.push(invalid(at('targetPort'), p.targetPort, e));
    const pair = `${p.port}/${p.protocol}`;
    if (pairs.has(pair)) problems.push(fieldError(childPath('spec.ports', i), `Duplicate value: port ${p.port} with protocol ${p.protocol} is already a port of this Service`));
    pairs.add(pair);
    if (p.nodePort === undefined) return;
    if (type === 'ClusterIP') problems.push(fieldError(at('nodePort'), "Forbidden: may not be used when `type` is 'ClusterIP'"));
    else if (p.nodePort < 1 || p.nodePort > 65535) problems.push(invalid(at('nodePort'), p.nodePort, PORT_RANGE));
    const node = `${p.nodePort}/${p.protocol}`;
    if (nodePorts.has(node)) problems.push(fieldError(at('nodePort'), `Duplicate value: nodePort ${p.nodePort} with protocol ${p.protocol} is already used by another port of this Service`));
    nodePorts.add(node);
  });
  return problems;
}
