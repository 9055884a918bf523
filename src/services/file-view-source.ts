import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { EMPTY_SERVICES_VIEW, type EndpointView, type ServiceView, type ServiceViewSource, type ServicesView } from './service-view.js';

/** The JSON form of a view: endpoint ports as an object instead of a Map; no version (the file's changes count). */
export interface ServicesViewJson {
  services: (Omit<ServiceView, 'endpoints'> & { endpoints: (Omit<EndpointView, 'ports'> & { ports: Record<string, number> })[] })[];
  pods: ServicesView['pods'];
}

const POLL_MS = 250;

/**
 * For the data path's end-to-end tests (`MINIKUBELET_TEST_SERVICES_VIEW=<file>`): a view read from a
 * JSON file the test writes, read again when the file changes. A file that cannot be read or
 * parsed keeps the last view and is logged; a missing file is the empty view.
 */
export class FileViewSource implements ServiceViewSource {
  private view: ServicesView = EMPTY_SERVICES_VIEW;
  private stamp = '';
  private readonly listeners = new Set<(view: ServicesView) => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly file: string, private readonly log: Logger) {
    this.poll();
    this.timer = setInterval(() => this.poll(), POLL_MS);
    this.timer.unref();
  }

  current(): ServicesView {
    return this.view;
  }

  onChange(listener: (view: ServicesView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private poll(): void {
    let stamp = 'missing';
    try {
      const stat = statSync(this.file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      // A missing file is the empty view.
    }
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    try {
      const json = stamp === 'missing' ? { services: [], pods: [] } : (JSON.parse(readFileSync(this.file, 'utf8')) as ServicesViewJson);
      this.view = fromJson(json, this.view.version + 1);
    } catch (err) {
      this.log.error({ err, file: this.file }, 'Failed to read the test Services view; keeping the last one');
      return;
    }
    for (const listener of this.listeners) listener(this.view);
  }
}

function fromJson(json: ServicesViewJson, version: number): ServicesView {
  return {
    version,
    pods: json.pods,
    services: json.services.map((s) => ({ ...s, endpoints: s.endpoints.map((e) => ({ ...e, ports: new Map(Object.entries(e.ports)) })) })),
  };
}
