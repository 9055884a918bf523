import { describe, expect, it } from 'vitest';
import { cpuQuotaPerSecUSec, makeSliceProperties } from './make-slice-properties.js';

const show = (props: ReturnType<typeof makeSliceProperties>) =>
  props.filter((p) => !p.name.endsWith('Accounting') && p.name !== 'Description' && p.name !== 'DefaultDependencies').map((p) => `${p.name}=${String(p.value)}`);

describe('makeSliceProperties (runc libcontainer/cgroups/systemd, as the kubelet uses it)', () => {
  const burstable = { qos: 'Burstable' as const, cpuShares: 256, cpuQuota: 50000, cpuPeriod: 100000, memory: 134217728 };

  it.each<[string, Parameters<typeof makeSliceProperties>, string[]]>([
    ['v2 Burstable with limits', [burstable, 64, 2], ['CPUWeight=10', 'CPUQuotaPerSecUSec=500000', 'CPUQuotaPeriodUSec=100000', 'MemoryMax=134217728', 'TasksMax=64']],
    ['v1 names on a hybrid host', [burstable, undefined, 1], ['CPUShares=256', 'CPUQuotaPerSecUSec=500000', 'CPUQuotaPeriodUSec=100000', 'MemoryLimit=134217728']],
    ['BestEffort: the minimum weight and nothing else', [{ qos: 'BestEffort', cpuShares: 2 }, undefined, 2], ['CPUWeight=1']],
    ['Guaranteed 1 CPU 1 GiB', [{ qos: 'Guaranteed', cpuShares: 1024, cpuQuota: 100000, cpuPeriod: 100000, memory: 2 ** 30 }, undefined, 2], ['CPUWeight=39', 'CPUQuotaPerSecUSec=1000000', 'CPUQuotaPeriodUSec=100000', 'MemoryMax=1073741824']],
    ['a quota of 0 (no cpu limit) is left out', [{ qos: 'Burstable', cpuShares: 102, cpuQuota: 0, cpuPeriod: 100000 }, 0, 2], ['CPUWeight=4']],
  ])('%s', (_, args, expected) => {
    expect(show(makeSliceProperties(...args))).toEqual(expected);
  });

  it('turns accounting on and keeps the slice out of the default shutdown ordering', () => {
    const names = makeSliceProperties(burstable, undefined, 2).map((p) => `${p.name}=${String(p.value)}`);
    expect(names).toEqual(expect.arrayContaining(['DefaultDependencies=false', 'CPUAccounting=true', 'MemoryAccounting=true', 'TasksAccounting=true']));
  });

  it.each([
    [50000, 100000, 500000],
    [1000, 100000, 10000],
    [1500, 100000, 20000],
    [25000, 100000, 250000],
    [33333, 100000, 340000],
  ])('cpuQuotaPerSecUSec(%i, %i) = %i: rounded up to a whole percent', (quota, period, expected) => {
    expect(cpuQuotaPerSecUSec(quota, period)).toBe(expected);
  });
});
