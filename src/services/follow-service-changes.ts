import { isDeepStrictEqual } from 'node:util';
import type { ServiceViewSource, ServicesView } from './service-view.js';

/**
 * The views the Service network must sync: those whose Services (with their endpoints) changed.
 * Every pod that gets an address makes a new view (the DNS's pod records read it); the addresses
 * and rules follow only the Services. Each sync runs iptables-save, iptables-restore and a
 * check per jump: a pod burst paid them per pod, each spawn holding the event loop, and the other
 * pods' starts, for milliseconds. `forget` after a failed sync: the next view is pushed whatever it holds.
 */
export function followServiceChanges(
  source: ServiceViewSource,
  push: (view: ServicesView) => void,
  /** The view already synced: a later one with other Services is pushed even if no change comes after it. */
  synced: ServicesView,
): { unsubscribe: () => void; forget: () => void } {
  let queued: ServicesView['services'] | undefined = synced.services;
  if (!isDeepStrictEqual(source.current().services, queued)) {
    queued = source.current().services;
    push(source.current());
  }
  const unsubscribe = source.onChange((view) => {
    if (isDeepStrictEqual(view.services, queued)) return;
    queued = view.services;
    push(view);
  });
  return { unsubscribe, forget: () => (queued = undefined) };
}
