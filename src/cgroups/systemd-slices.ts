import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isNoSuchUnit, isUnitExists, setUnitPropertiesArgs, startTransientUnitArgs, stopUnitArgs } from './busctl-call.js';
import type { UnitProperty } from './make-slice-properties.js';

const run = promisify(execFile);
const BUSCTL_TIMEOUT_MS = 30_000;

/** What `busctl` answered: nothing on success, systemd's error text otherwise. */
type BusctlResult = { ok: true } | { ok: false; error: string };

/**
 * The systemd driver's pod slices as transient units (systemd's D-Bus API through `busctl`).
 * A slice's parents (`kubepods.slice`, `kubepods-burstable.slice`) are created first, without
 * limits, like the kubelet's QoS containers with no reserved resources; each creation is
 * idempotent: a slice that exists already (an agent restarted under running pods) is adopted and
 * its limits set again with `SetUnitProperties`.
 */
export class SystemdSlices {
  constructor(private readonly busctl = 'busctl') {}

  /** Creates (or adopts) every slice of the chain, the last one with `props`; the error text when systemd refused. */
  async ensure(chain: string[], props: UnitProperty[]): Promise<string | undefined> {
    for (const [i, unit] of chain.entries()) {
      const own = i === chain.length - 1 ? props : PARENT_PROPERTIES;
      const started = await this.call(startTransientUnitArgs(unit, own));
      if (started.ok) continue;
      if (!isUnitExists(started.error)) return `StartTransientUnit ${unit}: ${started.error}`;
      if (i < chain.length - 1) continue;
      const set = await this.call(setUnitPropertiesArgs(unit, own));
      if (!set.ok) return `SetUnitProperties ${unit}: ${set.error}`;
    }
    return undefined;
  }

  /** Stops the slice (systemd then removes its cgroup); a slice that is not there is fine. */
  async remove(unit: string): Promise<string | undefined> {
    const stopped = await this.call(stopUnitArgs(unit));
    if (stopped.ok || isNoSuchUnit(stopped.error)) return undefined;
    return `StopUnit ${unit}: ${stopped.error}`;
  }

  /** Whether systemd answers on the bus (at start, so a host where it does not is reported once). */
  async reachable(): Promise<string | undefined> {
    const answered = await this.call(['status', '--no-pager', 'org.freedesktop.systemd1']);
    return answered.ok ? undefined : answered.error;
  }

  private async call(args: string[]): Promise<BusctlResult> {
    try {
      await run(this.busctl, args, { timeout: BUSCTL_TIMEOUT_MS });
      return { ok: true };
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      return { ok: false, error: (e.stderr ?? '').trim() || e.message };
    }
  }
}

/** The QoS-level slices: accounting on so their children's controllers are enabled, no limits. */
const PARENT_PROPERTIES: UnitProperty[] = [
  { name: 'DefaultDependencies', signature: 'b', value: false },
  { name: 'CPUAccounting', signature: 'b', value: true },
  { name: 'MemoryAccounting', signature: 'b', value: true },
  { name: 'TasksAccounting', signature: 'b', value: true },
];
