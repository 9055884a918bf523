import { describe, expect, it } from 'vitest';
import { resolveResourceField } from './resource-field-ref.js';
import { defaultedContainer } from './testing/pod-fixtures.js';

const node = { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, ephemeralStorageBytes: 100 * 10 ** 9 };
const container = defaultedContainer('app', {
  resources: { requests: { cpu: '250m', memory: '100M', 'ephemeral-storage': '1Gi' }, limits: { cpu: '1500m', memory: '128Mi' } },
});

describe('resolveResourceField (ExtractContainerResourceValue, ceil like the kubelet)', () => {
  it.each([
    ['requests.cpu', undefined, '1'], // 250m in cores, rounded up
    ['requests.cpu', '1m', '250'],
    ['limits.cpu', '1', '2'], // 1.5 cores → 2
    ['limits.cpu', '1m', '1500'],
    ['limits.memory', undefined, '134217728'],
    ['limits.memory', '1Mi', '128'],
    ['limits.memory', '1M', '135'], // 134.2 MB → 135
    ['requests.memory', '1Mi', '96'], // 95.4 MiB → 96
    ['requests.memory', '1Gi', '1'],
    ['requests.ephemeral-storage', '1Ki', '1048576'],
    ['limits.ephemeral-storage', '1G', '100'], // no limit: the node's allocatable
    ['requests.cpu', '0', '1'], // a zero divisor means 1
  ])('%s divisor %s → %s', (resource, divisor, expected) => {
    expect(resolveResourceField({ resource, ...(divisor !== undefined ? { divisor } : {}) }, container, node)).toBe(expected);
  });

  it('uses the node allocatable for a limit that is not set, and 0 for a request that is not', () => {
    const bare = defaultedContainer('bare');
    expect(resolveResourceField({ resource: 'limits.cpu', divisor: '1m' }, bare, node)).toBe('4000');
    expect(resolveResourceField({ resource: 'limits.memory', divisor: '1Gi' }, bare, node)).toBe('8');
    expect(resolveResourceField({ resource: 'requests.memory' }, bare, node)).toBe('0');
  });
});
