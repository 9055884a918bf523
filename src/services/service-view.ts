/**
 * What the Services on this node look like right now, as the data path needs it: the contract
 * between the side that knows Services and endpoints (decoded documents, the endpoints controller,
 * the ClusterIP allocator: `ServiceViewSource`) and the sides that serve them (the cluster DNS,
 * the iptables proxier, the Service environment variables of new containers).
 *
 * A view is immutable: a change produces a new view, with a new `version`.
 */

export type ServiceProtocol = 'TCP' | 'UDP';

export interface ServicePortView {
  /** `''` when the Service has one unnamed port. */
  readonly name: string;
  readonly protocol: ServiceProtocol;
  readonly port: number;
  /** NodePort Services only. */
  readonly nodePort?: number;
}

/** One backend of a Service: a pod (or an address from an Endpoints/EndpointSlice document). */
export interface EndpointView {
  readonly ip: string;
  /** Ready backends get traffic; not-ready ones are listed only with `publishNotReadyAddresses`. */
  readonly ready: boolean;
  /** The port of each Service port on this backend, keyed by the Service port's `name` (targetPort resolved, named ports per pod). */
  readonly ports: ReadonlyMap<string, number>;
  /** The pod's `spec.hostname` when it and `spec.subdomain` name a headless Service (DNS `<hostname>.<svc>.<ns>.svc.<domain>`). */
  readonly hostname?: string;
  /** `namespace/name` of the pod behind it, when there is one. */
  readonly podRef?: string;
}

export interface ServiceView {
  readonly namespace: string;
  readonly name: string;
  readonly type: 'ClusterIP' | 'NodePort';
  /** The allocated virtual IP, or `'None'` for a headless Service. */
  readonly clusterIP: string;
  readonly ports: readonly ServicePortView[];
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** `sessionAffinityConfig.clientIP.timeoutSeconds`, default 10800. */
  readonly sessionAffinityTimeoutSeconds: number;
  readonly publishNotReadyAddresses: boolean;
  /** The backends, in a stable order (by IP). */
  readonly endpoints: readonly EndpointView[];
}

/** A running pod with an IP, for the DNS's `<a-b-c-d>.<ns>.pod.<domain>` records. */
export interface PodAddressView {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
}

export interface ServicesView {
  /** Increases with every change. */
  readonly version: number;
  readonly services: readonly ServiceView[];
  readonly pods: readonly PodAddressView[];
}

export const EMPTY_SERVICES_VIEW: ServicesView = { version: 0, services: [], pods: [] };

/** Who produces views; consumers read the current one and are told of every new one. */
export interface ServiceViewSource {
  current(): ServicesView;
  /** Returns the unsubscribe function. */
  onChange(listener: (view: ServicesView) => void): () => void;
}
