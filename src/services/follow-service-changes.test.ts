import { describe, expect, it } from 'vitest';
import { followServiceChanges } from './follow-service-changes.js';
import { EMPTY_SERVICES_VIEW, type ServiceView, type ServicesView } from './service-view.js';

const web = (ips: string[]): ServiceView => ({
  namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: '10.96.0.10', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800,
  publishNotReadyAddresses: false, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }] as unknown as ServiceView['ports'],
  endpoints: ips.map((ip) => ({ ip, ready: true })) as unknown as ServiceView['endpoints'],
});

function fakeSource(first: ServicesView) {
  let current = first;
  const listeners = new Set<(v: ServicesView) => void>();
  return {
    current: () => current,
    onChange(l: (v: ServicesView) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    publish(next: Omit<ServicesView, 'version'>) {
      current = { version: current.version + 1, ...next };
      for (const l of listeners) l(current);
    },
  };
}

const pod = (ip: string) => ({ namespace: 'default', name: ip, ip }) as unknown as ServicesView['pods'][number];

describe('followServiceChanges', () => {
  it('pushes a view when the Services or their endpoints change, never for pod addresses alone', () => {
    const source = fakeSource(EMPTY_SERVICES_VIEW);
    const pushed: number[] = [];
    const follow = followServiceChanges(source, (v) => pushed.push(v.version), source.current());
    source.publish({ services: [], pods: [pod('172.17.0.2')] });
    source.publish({ services: [], pods: [pod('172.17.0.2'), pod('172.17.0.3')] });
    expect(pushed).toEqual([]);
    source.publish({ services: [web(['172.17.0.2'])], pods: [pod('172.17.0.2'), pod('172.17.0.3')] });
    source.publish({ services: [web(['172.17.0.2'])], pods: [pod('172.17.0.3')] });
    source.publish({ services: [web(['172.17.0.2', '172.17.0.3'])], pods: [pod('172.17.0.3')] });
    expect(pushed).toEqual([3, 5]);
    follow.unsubscribe();
    source.publish({ services: [], pods: [] });
    expect(pushed).toEqual([3, 5]);
  });

  it('pushes the next view whatever it holds after a failed sync (forget)', () => {
    const source = fakeSource(EMPTY_SERVICES_VIEW);
    const pushed: number[] = [];
    const follow = followServiceChanges(source, (v) => pushed.push(v.version), source.current());
    follow.forget();
    source.publish({ services: [], pods: [pod('172.17.0.2')] });
    source.publish({ services: [], pods: [] });
    expect(pushed).toEqual([1]);
  });

  it('pushes at once a view whose Services changed while the first one was synced', () => {
    const source = fakeSource(EMPTY_SERVICES_VIEW);
    const first = source.current();
    source.publish({ services: [web(['172.17.0.2'])], pods: [] });
    const pushed: number[] = [];
    followServiceChanges(source, (v) => pushed.push(v.version), first);
    expect(pushed).toEqual([1]);
  });
});
