import { DocumentReader, readObjectMeta } from './document-reader.js';
import { childPath, fieldError, type FieldProblem } from './field-path.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from './name-validation.js';
import {
  type EndpointSlice, type Endpoints, type ManualEndpoint, type ManualEndpointPort, type ManualEndpointSet, SERVICE_NAME_LABEL,
} from './service-types.js';
import { invalid, validateMetadata } from './validate-metadata.js';
import { ipv4ToNumber } from '../shared/ipv4-cidr.js';

/**
 * `kind: Endpoints` (v1) and `discovery.k8s.io/v1` `EndpointSlice` documents → the backends of a
 * selector-less Service, validated as k8s `pkg/apis/core/validation/validation.go`
 * `ValidateEndpoints` and `pkg/apis/discovery/validation/validation.go` `ValidateEndpointSlice` do
 * (IPv4 only: an IPv6 or FQDN slice is refused). Pure.
 */

export interface DecodedEndpoints {
  object?: Endpoints | EndpointSlice;
  problems: FieldProblem[];
}

const IGNORED_ADDRESS_FIELDS = ['nodeName', 'targetRef'];

export function decodeEndpoints(document: Record<string, unknown>): DecodedEndpoints {
  const r = new DocumentReader();
  const slice = document.kind === 'EndpointSlice';
  const apiVersion = slice ? 'discovery.k8s.io/v1' : 'v1';
  if (document.apiVersion !== apiVersion) {
    r.error('apiVersion', `${document.apiVersion === undefined ? 'required' : `apiVersion ${JSON.stringify(document.apiVersion)} is not supported`}: an ${String(document.kind)} is apiVersion ${apiVersion}`);
    return { problems: r.problems };
  }
  const known = slice ? ['apiVersion', 'kind', 'metadata', 'addressType', 'endpoints', 'ports'] : ['apiVersion', 'kind', 'metadata', 'subsets'];
  r.leftovers(document, '', known);
  const metadata = readObjectMeta(r, document.metadata);
  const object: Endpoints | EndpointSlice = slice
    ? { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, serviceName: metadata.labels[SERVICE_NAME_LABEL] ?? '', addressType: 'IPv4', set: readSlice(r, document) }
    : { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets: r.list(document.subsets, 'subsets').map((s, i) => readSubset(r, s, childPath('subsets', i))) };
  if (r.problems.some((p) => p.severity === 'error')) return { problems: r.problems };
  return { object, problems: [...r.problems, ...validateMeta(object)] };
}

function validateMeta(object: Endpoints | EndpointSlice): FieldProblem[] {
  const { metadata } = object;
  const problems: FieldProblem[] = [];
  if (metadata.name === '') problems.push(fieldError('metadata.name', `required: every ${object.kind} needs a name`));
  else for (const e of dns1123SubdomainErrors(metadata.name)) problems.push(invalid('metadata.name', metadata.name, e));
  problems.push(...validateMetadata({ ...metadata, name: 'x', uid: '' }));
  if (object.kind === 'EndpointSlice' && object.serviceName === '')
    problems.push(fieldError(childPath('metadata.labels', SERVICE_NAME_LABEL), 'required: the label names the Service whose backends this slice lists'));
  return problems;
}

function readSubset(r: DocumentReader, value: unknown, path: string): ManualEndpointSet {
  const s = r.map(value, path) ?? {};
  r.leftovers(s, path, ['addresses', 'notReadyAddresses', 'ports']);
  const read = (field: string, ready: boolean) => r.list(s[field], childPath(path, field)).flatMap((a, i) => readAddress(r, a, childPath(childPath(path, field), i), ready) ?? []);
  const endpoints = [...read('addresses', true), ...read('notReadyAddresses', false)];
  if (endpoints.length === 0) r.error(path, 'Required value: must specify `addresses` or `notReadyAddresses`');
  const ports = readPorts(r, s.ports, childPath(path, 'ports'), true);
  if (ports.length === 0) r.error(childPath(path, 'ports'), 'Required value');
  return { endpoints, ports };
}

function readAddress(r: DocumentReader, value: unknown, path: string, ready: boolean): ManualEndpoint | undefined {
  const a = r.map(value, path);
  if (!a) return undefined;
  r.leftovers(a, path, ['ip', 'hostname', ...IGNORED_ADDRESS_FIELDS]);
  const ip = checkIp(r, r.str(a.ip, childPath(path, 'ip')) ?? '', childPath(path, 'ip'));
  const hostname = r.str(a.hostname, childPath(path, 'hostname'));
  if (hostname) for (const e of dns1123LabelErrors(hostname)) r.error(childPath(path, 'hostname'), `invalid value ${JSON.stringify(hostname)}: ${e}`);
  return { ip, ready, ...(hostname ? { hostname } : {}) };
}

function readSlice(r: DocumentReader, s: Record<string, unknown>): ManualEndpointSet {
  const type = r.str(s.addressType, 'addressType');
  if (type === undefined) r.error('addressType', 'Required value: IPv4');
  else if (type === 'IPv6' || type === 'FQDN') r.error('addressType', `${type} is not supported: minikubelet's Services are IPv4 only`);
  else if (type !== 'IPv4') r.error('addressType', `Unsupported value: ${JSON.stringify(type)}: supported values: "FQDN", "IPv4", "IPv6"`);
  const endpoints = r.list(s.endpoints, 'endpoints').flatMap((e, i) => readSliceEndpoint(r, e, childPath('endpoints', i)) ?? []);
  return { endpoints, ports: readPorts(r, s.ports, 'ports', false) };
}

function readSliceEndpoint(r: DocumentReader, value: unknown, path: string): ManualEndpoint | undefined {
  const e = r.map(value, path);
  if (!e) return undefined;
  r.leftovers(e, path, ['addresses', 'conditions', 'hostname', 'zone', 'hints', 'deprecatedTopology', ...IGNORED_ADDRESS_FIELDS]);
  const addresses = r.list(e.addresses, childPath(path, 'addresses'));
  if (addresses.length < 1 || addresses.length > 100) r.error(childPath(path, 'addresses'), `Invalid value: must have at least 1 and at most 100 addresses, has ${addresses.length}`);
  const ip = checkIp(r, r.str(addresses[0], childPath(path, 'addresses[0]')) ?? '', childPath(path, 'addresses[0]'));
  const conditions = r.map(e.conditions, childPath(path, 'conditions')) ?? {};
  r.leftovers(conditions, childPath(path, 'conditions'), ['ready', 'serving', 'terminating']);
  // EndpointConditions: an unknown (nil) ready condition is read as ready; terminating endpoints are not ready.
  const ready = (r.bool(conditions.ready, childPath(path, 'conditions.ready')) ?? true) && r.bool(conditions.terminating, childPath(path, 'conditions.terminating')) !== true;
  r.bool(conditions.serving, childPath(path, 'conditions.serving'));
  const hostname = r.str(e.hostname, childPath(path, 'hostname'));
  if (hostname) for (const m of dns1123LabelErrors(hostname)) r.error(childPath(path, 'hostname'), `invalid value ${JSON.stringify(hostname)}: ${m}`);
  return { ip, ready, ...(hostname ? { hostname } : {}) };
}

function readPorts(r: DocumentReader, value: unknown, path: string, nameRequired: boolean): ManualEndpointPort[] {
  const list = r.list(value, path);
  const names = new Set<string>();
  return list.flatMap((v, i) => {
    const at = childPath(path, i);
    const p = r.map(v, at);
    if (!p) return [];
    r.leftovers(p, at, ['name', 'port', 'protocol', 'appProtocol']);
    const name = r.str(p.name, childPath(at, 'name')) ?? '';
    if (nameRequired && list.length > 1 && name === '') r.error(childPath(at, 'name'), 'Required value: every port needs a name when there is more than one');
    if (name !== '') for (const e of dns1123LabelErrors(name)) r.error(childPath(at, 'name'), `invalid value ${JSON.stringify(name)}: ${e}`);
    if (names.has(name)) r.error(childPath(at, 'name'), `Duplicate value: ${JSON.stringify(name)}`);
    names.add(name);
    const port = r.int(p.port, childPath(at, 'port')) ?? 0;
    if (port < 1 || port > 65535) r.error(childPath(at, 'port'), `invalid value ${port}: must be between 1 and 65535, inclusive`);
    const protocol = r.str(p.protocol, childPath(at, 'protocol')) ?? 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP') r.error(childPath(at, 'protocol'), `Unsupported value: ${JSON.stringify(protocol)}: minikubelet forwards "TCP" and "UDP"`);
    r.str(p.appProtocol, childPath(at, 'appProtocol'));
    return [{ name, port, protocol: protocol === 'UDP' ? 'UDP' : 'TCP' } satisfies ManualEndpointPort];
  });
}

/** `validateEndpointAddress` / `ValidateNonSpecialIP`: a unicast IPv4 address a pod can reach. */
function checkIp(r: DocumentReader, ip: string, path: string): string {
  const n = ipv4ToNumber(ip);
  if (n === undefined) r.error(path, `invalid value ${JSON.stringify(ip)}: must be a valid IPv4 address`);
  else if (n === 0) r.error(path, `invalid value ${JSON.stringify(ip)}: may not be unspecified (0.0.0.0)`);
  else if (n >>> 24 === 127) r.error(path, `invalid value ${JSON.stringify(ip)}: may not be in the loopback range (127.0.0.0/8, ::1/128)`);
  else if (n >>> 16 === 0xa9fe) r.error(path, `invalid value ${JSON.stringify(ip)}: may not be in the link-local range (169.254.0.0/16, fe80::/10)`);
  else if (n >>> 28 === 0xe) r.error(path, `invalid value ${JSON.stringify(ip)}: may not be in the multicast range (224.0.0.0/4)`);
  return ip;
}
