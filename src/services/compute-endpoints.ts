import type { ManualEndpointSet, Service, ServicePort } from '../api/service-types.js';

/**
 * The endpoints controller (k8s `pkg/controller/endpoint/endpoints_controller.go` `syncService`,
 * `pkg/api/v1/pod` `FindPort`), pure. For a Service with a selector: the pods of its namespace whose
 * labels match, with an IP, not terminating and not finished; each Service port resolved on each pod
 * (a named targetPort through the pod's container ports of that protocol: a pod without such a port
 * is no backend for that Service port, and no backend at all when it resolves none). For a
 * selector-less Service: the addresses of its Endpoints object and EndpointSlices, ports matched by
 * name and protocol. Every backend carries its true readiness; which ones a consumer sees is
 * `visibleBackends`' decision.
 */

/** What the controller reads of a pod (from the status store). */
export interface ServicePod {
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  ip?: string;
  /** The pod's Ready condition. */
  ready: boolean;
  /** Being deleted (its manifest is gone) or finished (phase Succeeded/Failed). */
  terminating: boolean;
  hostname?: string;
  subdomain?: string;
  containerPorts: readonly { name?: string; containerPort: number; protocol: string }[];
}

export interface Backend {
  ip: string;
  ready: boolean;
  /** Service port name → the port on this backend. */
  ports: Map<string, number>;
  hostname?: string;
  podRef?: string;
}

export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** `FindPort`: a number is itself; a name is the pod's container port of that name and protocol. */
export function findPort(pod: ServicePod, port: ServicePort): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return pod.containerPorts.find((c) => c.name === port.targetPort && c.protocol === port.protocol)?.containerPort;
}

export function computeEndpoints(service: Service, pods: readonly ServicePod[], manual: readonly ManualEndpointSet[]): Backend[] {
  const backends = service.spec.selector === undefined ? fromManual(service, manual) : fromPods(service, service.spec.selector, pods);
  return backends.sort((a, b) => compareIp(a.ip, b.ip));
}

/**
 * What the Services view lists: the ready backends, and the not-ready ones too when the Service
 * publishes not-ready addresses (DNS for peers that must find each other before they are ready).
 */
export function visibleBackends(service: Service, backends: readonly Backend[]): Backend[] {
  return service.spec.publishNotReadyAddresses ? [...backends] : backends.filter((b) => b.ready);
}

function fromPods(service: Service, selector: Readonly<Record<string, string>>, pods: readonly ServicePod[]): Backend[] {
  const { namespace, name } = service.metadata;
  const out = new Map<string, Backend>();
  for (const pod of pods) {
    // An empty selector selects nothing here: the controller treats it as "no selector" (selector-less).
    if (pod.namespace !== namespace || Object.keys(selector).length === 0 || !selectorMatches(selector, pod.labels)) continue;
    if (!pod.ip || pod.terminating) continue;
    const ports = new Map<string, number>();
    for (const p of service.spec.ports) {
      const resolved = findPort(pod, p);
      if (resolved !== undefined) ports.set(p.name, resolved);
    }
    if (service.spec.ports.length > 0 && ports.size === 0) continue;
    const hostname = pod.hostname && pod.subdomain === name ? pod.hostname : undefined;
    out.set(pod.ip, { ip: pod.ip, ready: pod.ready, ports, ...(hostname ? { hostname } : {}), podRef: `${pod.namespace}/${pod.name}` });
  }
  return [...out.values()];
}

function fromManual(service: Service, sets: readonly ManualEndpointSet[]): Backend[] {
  const out = new Map<string, Backend>();
  for (const set of sets) {
    const ports = new Map<string, number>();
    for (const p of service.spec.ports) {
      const match = set.ports.find((e) => e.name === p.name && e.protocol === p.protocol);
      if (match) ports.set(p.name, match.port);
    }
    if (service.spec.ports.length > 0 && ports.size === 0) continue;
    for (const e of set.endpoints) {
      const held = out.get(e.ip);
      if (held) {
        for (const [k, v] of ports) held.ports.set(k, v);
        held.ready ||= e.ready;
        continue;
      }
      out.set(e.ip, { ip: e.ip, ready: e.ready, ports: new Map(ports), ...(e.hostname ? { hostname: e.hostname } : {}) });
    }
  }
  return [...out.values()];
}

function compareIp(a: string, b: string): number {
  const n = (ip: string) => ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return n(a) - n(b);
}
