import { isIP } from 'node:net';
import type { Pod } from '../api/pod-types.js';

/** One `-p [ADDR:]LOCAL:POD[/CONTAINER]:PORT` as written. */
export interface PortForwardSpec {
  text: string;
  address: string;
  localPort: number;
  pod: string;
  container?: string;
  /** A number, or the name of a container port. */
  podPort: number | string;
}

/** A spec checked against the pods: the pod's full name and the port as a number. */
export interface PortForward {
  text: string;
  address: string;
  localPort: number;
  namespace: string;
  pod: string;
  podPort: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const USAGE = 'expected [ADDR:]LOCAL:POD[/CONTAINER]:PORT, e.g. 8080:web:80 or 127.0.0.1:8080:web/httpd:http';
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Parses one `-p` value; the error names the value and what is wrong with it. */
export function parsePortForward(text: string): Parsed<PortForwardSpec> {
  const fail = (why: string): Parsed<PortForwardSpec> => ({ ok: false, error: `-p ${JSON.stringify(text)}: ${why}` });
  let address = '127.0.0.1';
  let rest = text;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']:');
    if (end < 0) return fail(USAGE);
    address = rest.slice(1, end);
    rest = rest.slice(end + 2);
    if (isIP(address) !== 6) return fail(`${JSON.stringify(address)} is not an IPv6 address`);
  }
  const parts = rest.split(':');
  if (parts.length === 4 && address === '127.0.0.1' && !text.startsWith('[')) address = parts.shift()!;
  if (parts.length !== 3) return fail(USAGE);
  const [local, target, port] = parts as [string, string, string];
  if (address !== 'localhost' && isIP(address) === 0) return fail(`${JSON.stringify(address)} is not an IP address`);
  const localPort = toPort(local);
  if (localPort === undefined) return fail(`local port ${JSON.stringify(local)} is not a number from 1 to 65535`);
  const [pod = '', container, extra] = target.split('/');
  if (extra !== undefined || !NAME.test(pod) || (container !== undefined && !NAME.test(container))) {
    return fail(`${JSON.stringify(target)} is not POD or POD/CONTAINER`);
  }
  const numeric = toPort(port);
  if (numeric === undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(port)) {
    return fail(`pod port ${JSON.stringify(port)} is neither a number from 1 to 65535 nor a port name`);
  }
  return { ok: true, value: { text, address, localPort, pod, ...(container !== undefined ? { container } : {}), podPort: numeric ?? port } };
}

function toPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** The spec against the pods being played: the pod and container exist, a named port is declared. */
export function resolvePortForward(spec: PortForwardSpec, pods: readonly Pod[]): Parsed<PortForward> {
  const fail = (why: string): Parsed<PortForward> => ({ ok: false, error: `-p ${JSON.stringify(spec.text)}: ${why}` });
  const matches = pods.filter((p) => p.metadata.name === spec.pod);
  if (matches.length === 0) return fail(`no pod named "${spec.pod}" in the files played (pods: ${pods.map((p) => p.metadata.name).join(', ') || 'none'})`);
  if (matches.length > 1) return fail(`pod name "${spec.pod}" is in several namespaces (${matches.map((p) => p.metadata.namespace).join(', ')})`);
  const pod = matches[0]!;
  const containers = spec.container === undefined ? pod.spec.containers : pod.spec.containers.filter((c) => c.name === spec.container);
  if (containers.length === 0) {
    return fail(`pod "${spec.pod}" has no container "${spec.container}" (containers: ${pod.spec.containers.map((c) => c.name).join(', ')})`);
  }
  let podPort: number | undefined;
  if (typeof spec.podPort === 'number') podPort = spec.podPort;
  else {
    const named = containers.flatMap((c) => c.ports).find((p) => p.name === spec.podPort);
    if (!named) return fail(`no container port named "${spec.podPort}" in ${spec.container ? `container "${spec.container}"` : `pod "${spec.pod}"`}`);
    podPort = named.containerPort;
  }
  return {
    ok: true,
    value: { text: spec.text, address: spec.address, localPort: spec.localPort, namespace: pod.metadata.namespace, pod: pod.metadata.name, podPort },
  };
}
