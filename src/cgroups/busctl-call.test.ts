import { describe, expect, it } from 'vitest';
import { isNoSuchUnit, isUnitExists, setUnitPropertiesArgs, startTransientUnitArgs, stopUnitArgs } from './busctl-call.js';

const MANAGER = 'call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager';

describe('busctl calls to systemd (org.freedesktop.systemd1.Manager)', () => {
  const props = [
    { name: 'CPUWeight', signature: 't' as const, value: 10 },
    { name: 'CPUAccounting', signature: 'b' as const, value: true },
  ];

  it('StartTransientUnit: name, mode, the properties counted, no auxiliary units', () => {
    expect(startTransientUnitArgs('a.slice', props).join(' ')).toBe(`${MANAGER} StartTransientUnit ssa(sv)a(sa(sv)) a.slice replace 2 CPUWeight t 10 CPUAccounting b true 0`);
  });

  it('SetUnitProperties at runtime; StopUnit replacing any queued job', () => {
    expect(setUnitPropertiesArgs('a.slice', props).join(' ')).toBe(`${MANAGER} SetUnitProperties sba(sv) a.slice true 2 CPUWeight t 10 CPUAccounting b true`);
    expect(stopUnitArgs('a.slice').join(' ')).toBe(`${MANAGER} StopUnit ss a.slice replace`);
  });

  it.each([
    ['Call failed: Unit kubepods.slice already exists.', true, false],
    ['Call failed: Unit kubepods.slice was already loaded or has a fragment file.', true, false],
    ['Call failed: Unit kubepods-pod_x.slice not loaded.', false, true],
    ['Call failed: Access denied', false, false],
  ])('reads systemd error %j', (stderr, exists, missing) => {
    expect(isUnitExists(stderr)).toBe(exists);
    expect(isNoSuchUnit(stderr)).toBe(missing);
  });
});
