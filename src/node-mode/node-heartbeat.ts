import type { Logger } from 'pino';
import { LIST_WATCH_BACKOFF } from './list-watch.js';
import type { NodeObject } from './make-node-object.js';
import type { NodeLease } from './node-lease.js';
import type { NodeRegistration } from './node-registration.js';

export interface NodeHeartbeatDeps {
  registration: NodeRegistration;
  lease: NodeLease;
  /** The Node as it should be now (computed every update period). */
  node: () => Promise<NodeObject>;
  updateEveryMs: number;
  reportEveryMs: number;
  /** The lease is renewed every quarter of its 40 s duration. */
  leaseEveryMs: number;
  /** Node events (k8s `kubelet.go`, `nodestatus/setters.go`): `Starting` once registered, `NodeReady`/`NodeNotReady` on each flip. */
  onEvent: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  log: Logger;
  now: () => number;
}

/**
 * The node's two heartbeats: registration retried (100 ms doubling to 7 s) until the API server
 * takes it, then the status every update period and the Lease on its own timer. Failures are
 * logged once per streak and retried; the pods keep running meanwhile.
 */
export function startNodeHeartbeat(deps: NodeHeartbeatDeps): { registered: () => boolean; stop: () => void } {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => Promise<void>) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      void run();
    }, ms);
    timers.add(t);
  };
  let failing = { status: false, lease: false };
  const report = (what: 'status' | 'lease', err: unknown) => {
    if (!failing[what]) deps.log.warn({ err }, what === 'status' ? 'Failed to update the node status; retrying' : 'Failed to renew the node lease; retrying');
    failing = { ...failing, [what]: true };
  };
  let registerDelay = 0;
  const register = async (): Promise<void> => {
    try {
      await deps.registration.register(await deps.node());
      deps.onEvent('Normal', 'Starting', 'Starting kubelet.');
      void status();
      void lease();
    } catch (err) {
      registerDelay = registerDelay === 0 ? LIST_WATCH_BACKOFF.initialMs : Math.min(registerDelay * 2, LIST_WATCH_BACKOFF.maxMs);
      deps.log.warn({ err, retryInMs: registerDelay }, 'Failed to register the node; retrying');
      later(registerDelay, register);
    }
  };
  let ready: string | undefined;
  const status = async (): Promise<void> => {
    try {
      const wanted = await deps.node();
      const now = wanted.status.conditions.find((c) => c.type === 'Ready')?.status;
      if (now !== ready && (now === 'True' || ready !== undefined)) {
        const reason = now === 'True' ? 'NodeReady' : 'NodeNotReady';
        deps.onEvent('Normal', reason, `Node ${wanted.metadata.name} status is now: ${reason}`);
      }
      ready = now;
      await deps.registration.updateStatus(wanted, deps.now(), deps.reportEveryMs);
      if (failing.status) deps.log.info('Updated the node status again');
      failing.status = false;
    } catch (err) {
      report('status', err);
    }
    later(deps.updateEveryMs, status);
  };
  const lease = async (): Promise<void> => {
    try {
      await deps.lease.renew(deps.now());
      if (failing.lease) deps.log.info('Renewed the node lease again');
      failing.lease = false;
    } catch (err) {
      report('lease', err);
    }
    later(deps.leaseEveryMs, lease);
  };
  void register();
  return {
    registered: () => deps.registration.node() !== undefined,
    stop: () => {
      stopped = true;
      for (const t of timers) clearTimeout(t);
    },
  };
}
