import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { DesiredServiceObject } from '../manifests/desired-service-objects.js';
import type { ManifestProblem } from '../manifests/manifest-problem.js';
import type { Ipv4Cidr } from '../shared/ipv4-cidr.js';
import { type NodePortRange, type ServiceAddressBook, allocateServiceAddresses, serviceRef } from './allocate-service-addresses.js';
import { type RegisteredService, isService, podAddresses, registerServices, shadowedEndpointsWarnings } from './build-services-view.js';
import type { ServicePod } from './compute-endpoints.js';
import type { ServiceAddressRecord } from './service-address-record.js';
import { EMPTY_SERVICES_VIEW, type ServiceViewSource, type ServicesView } from './service-view.js';

export interface ServiceRegistryDeps {
  range: Ipv4Cidr;
  nodePortRange: NodePortRange;
  clusterDns?: string;
  record: ServiceAddressRecord;
  /** The pods as the status store has them now. */
  pods: () => ServicePod[];
  now: () => number;
  log: Logger;
}

/** A registered Service with when the agent first saw it (its creationTimestamp, for AGE). */
export type StoredService = RegisteredService & { createdMs: number };

/**
 * The Services of this node (the API server's Service registry and allocators, and the endpoints
 * controller, for one node): takes the directory's Service objects and is told when pod statuses
 * change; recomputes, records the addresses given, and publishes a new `ServicesView` (version + 1)
 * only when the view changed. Pod changes come in bursts (every sync stores a status): one
 * recomputation per burst.
 */
export class ServiceRegistry implements ServiceViewSource {
  private objects: readonly DesiredServiceObject[] = [];
  private view: ServicesView = EMPTY_SERVICES_VIEW;
  private registered: StoredService[] = [];
  private allocationProblems: ManifestProblem[] = [];
  private readonly listeners = new Set<(view: ServicesView) => void>();
  private readonly createdMs = new Map<string, number>();
  private recorded: ServiceAddressBook = new Map();
  private started = false;
  /** Until the first manifest snapshot, nothing is computed: an empty set would release every recorded address. */
  private objectsKnown = false;
  private pending = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ServiceRegistryDeps) {}

  /** Reads the address record; the first view follows the first `setObjects`. */
  async start(): Promise<void> {
    this.recorded = await this.deps.record.current();
    this.started = true;
    this.recompute();
  }

  /** Waits for the address record writes under way (shutdown, tests). */
  async flushed(): Promise<void> {
    await this.writes;
  }

  current(): ServicesView {
    return this.view;
  }

  onChange(listener: (view: ServicesView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The directory's Services, Endpoints and EndpointSlices (each manifest snapshot). */
  setObjects(objects: readonly DesiredServiceObject[]): void {
    this.objects = objects;
    this.objectsKnown = true;
    this.recompute();
  }

  /** A pod's status changed: recomputed once the burst is over. */
  podsChanged(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.recompute();
    });
  }

  list(): readonly StoredService[] {
    return this.registered;
  }

  /** Services refused by the allocators (an address asked for that is taken or outside the range), and Endpoints not used. */
  problems(): ManifestProblem[] {
    return this.allocationProblems;
  }

  private recompute(): void {
    if (!this.started || !this.objectsKnown) return;
    const { range, nodePortRange, clusterDns } = this.deps;
    const services = this.objects.filter(isService).map((e) => e.object);
    const allocation = allocateServiceAddresses({ services, recorded: this.recorded, range, nodePortRange, ...(clusterDns !== undefined ? { clusterDns } : {}) });
    this.noteAllocation(allocation.assigned);
    this.noteProblems([
      ...allocation.problems.map((p) => {
        const entry = this.objects.find((e) => isService(e) && serviceRef(e.object) === p.service)!;
        return { severity: 'error', file: entry.file, document: entry.document, path: p.path, message: p.message } satisfies ManifestProblem;
      }),
      ...shadowedEndpointsWarnings(this.objects),
    ]);
    const pods = this.deps.pods();
    const registered = registerServices(this.objects, pods, allocation);
    for (const key of this.createdMs.keys()) if (!allocation.assigned.has(key)) this.createdMs.delete(key);
    this.registered = registered.map((r) => {
      const ref = serviceRef(r.object.object);
      if (!this.createdMs.has(ref)) this.createdMs.set(ref, this.deps.now());
      return { ...r, createdMs: this.createdMs.get(ref)! };
    });
    const next = { services: registered.map((r) => r.view), pods: podAddresses(pods) };
    if (isDeepStrictEqual(next, { services: this.view.services, pods: this.view.pods })) return;
    this.view = { version: this.view.version + 1, ...next };
    for (const listener of this.listeners) listener(this.view);
  }

  private noteAllocation(assigned: ServiceAddressBook): void {
    if (isDeepStrictEqual(assigned, this.recorded)) return;
    for (const [ref, a] of assigned) {
      if (!isDeepStrictEqual(this.recorded.get(ref), a)) this.deps.log.info({ service: ref, clusterIP: a.clusterIP, nodePorts: a.nodePorts }, 'Allocated the Service\'s addresses');
    }
    for (const ref of this.recorded.keys()) if (!assigned.has(ref)) this.deps.log.info({ service: ref }, 'Released the Service\'s addresses');
    this.recorded = assigned;
    const record = this.deps.record;
    this.writes = this.writes.then(() => record.update(assigned));
  }

  private noteProblems(problems: ManifestProblem[]): void {
    if (isDeepStrictEqual(problems, this.allocationProblems)) return;
    for (const p of problems) {
      if (p.severity === 'error') this.deps.log.error({ file: p.file, document: p.document, path: p.path }, `Refused a Service: ${p.message}`);
      else this.deps.log.warn({ file: p.file, document: p.document }, `Manifest warning: ${p.message}`);
    }
    this.allocationProblems = problems;
  }
}
