import type { UnitProperty } from './make-slice-properties.js';

/**
 * `busctl` argument lists for systemd's Manager API (org.freedesktop.systemd1.Manager). busctl
 * ships with systemd on every systemd host; a JavaScript D-Bus client would be one more dependency
 * for three method calls.
 */
const MANAGER = ['org.freedesktop.systemd1', '/org/freedesktop/systemd1', 'org.freedesktop.systemd1.Manager'];

/** `StartTransientUnit(name, mode, properties, aux)`: creates the unit with its properties. */
export function startTransientUnitArgs(unit: string, props: UnitProperty[]): string[] {
  return ['call', ...MANAGER, 'StartTransientUnit', 'ssa(sv)a(sa(sv))', unit, 'replace', ...propertyArgs(props), '0'];
}

/** `SetUnitProperties(name, runtime, properties)`: the limits of a unit that already exists. */
export function setUnitPropertiesArgs(unit: string, props: UnitProperty[]): string[] {
  return ['call', ...MANAGER, 'SetUnitProperties', 'sba(sv)', unit, 'true', ...propertyArgs(props)];
}

/** `StopUnit(name, mode)`: a stopped transient unit is then unloaded, its cgroup removed. */
export function stopUnitArgs(unit: string): string[] {
  return ['call', ...MANAGER, 'StopUnit', 'ss', unit, 'replace'];
}

function propertyArgs(props: UnitProperty[]): string[] {
  return [String(props.length), ...props.flatMap((p) => [p.name, p.signature, String(p.value)])];
}

/** busctl's error for a transient unit that exists already (org.freedesktop.systemd1.UnitExists). */
export function isUnitExists(stderr: string): boolean {
  return /already exists|already loaded|has a fragment file/i.test(stderr);
}

/** busctl's error for stopping a unit systemd does not know (org.freedesktop.systemd1.NoSuchUnit). */
export function isNoSuchUnit(stderr: string): boolean {
  return /not loaded|no such unit|not found/i.test(stderr);
}
