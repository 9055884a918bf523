import type { EndpointView, ServiceView, ServiceViewSource, ServicesView } from '../service-view.js';
import { EMPTY_SERVICES_VIEW } from '../service-view.js';

/** A ServiceViewSource tests set by hand: `set(view)` publishes a new view (version bumped). */
export class InMemoryViewSource implements ServiceViewSource {
  private view: ServicesView;
  private readonly listeners = new Set<(view: ServicesView) => void>();

  constructor(initial: Omit<ServicesView, 'version'> = EMPTY_SERVICES_VIEW) {
    this.view = { ...initial, version: 1 };
  }

  current(): ServicesView {
    return this.view;
  }

  onChange(listener: (view: ServicesView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(view: Omit<ServicesView, 'version'>): void {
    this.view = { ...view, version: this.view.version + 1 };
    for (const listener of this.listeners) listener(this.view);
  }
}

/** A ClusterIP Service with one port (`http` 80/TCP) unless `overrides` say otherwise. */
export function makeServiceView(overrides: Partial<ServiceView> & Pick<ServiceView, 'name'>): ServiceView {
  return {
    namespace: 'default', type: 'ClusterIP', clusterIP: '10.96.0.20', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800,
    publishNotReadyAddresses: false, ports: [{ name: 'http', protocol: 'TCP', port: 80 }], endpoints: [], ...overrides,
  };
}

/** A ready backend serving each named port on `ports` (default `http` → 8080). */
export function makeEndpointView(ip: string, overrides: Partial<EndpointView> = {}): EndpointView {
  return { ip, ready: true, ports: new Map([['http', 8080]]), ...overrides };
}
