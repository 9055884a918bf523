import { describe, expect, it } from 'vitest';
import type { ConfigMap, Secret } from '../api/config-object-types.js';
import type { Pod, Volume } from '../api/pod-types.js';
import { defaultedContainer, defaultedPodSpec } from '../api/testing/pod-fixtures.js';
import { makeVolumePayload } from './make-volume-payload.js';

const meta = (name: string) => ({ name, namespace: 'default', labels: {}, annotations: {} });
const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { a: 'A', b: 'B' }, binaryData: { bin: Buffer.from([0, 1]) } };
const secret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: meta('s'), type: 'Opaque', data: { pw: Buffer.from('x') } };
const config = { configMap: (_: string, n: string) => (n === 'cfg' ? cm : undefined), secret: (_: string, n: string) => (n === 's' ? secret : undefined) };
const pod: Pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { ...meta('web'), uid: 'u', labels: { app: 'web' } },
  spec: defaultedPodSpec({ containers: [defaultedContainer('app', { resources: { limits: { memory: '64Mi' }, requests: { memory: '64Mi' } } })] }),
};
const node = { cpuMillis: 1000, memoryBytes: 2 ** 30, ephemeralStorageBytes: 0 };

function files(volume: Omit<Volume, 'name'>) {
  const result = makeVolumePayload(pod, { name: 'v', ...volume }, config, node);
  if (!result.ok) return result.error;
  return Object.fromEntries([...result.payload].map(([p, f]) => [p, `${f.data.toString('hex')} ${f.mode.toString(8)}`]));
}

describe('makeVolumePayload (MakePayload, CollectData)', () => {
  it.each([
    ['every key, with defaultMode', { configMap: { name: 'cfg', defaultMode: 0o644 } }, { a: '41 644', b: '42 644', bin: '0001 644' }],
    ['items with their own mode', { configMap: { name: 'cfg', defaultMode: 0o644, items: [{ key: 'a', path: 'dir/a.txt', mode: 0o400 }, { key: 'bin', path: 'bin' }] } }, { 'dir/a.txt': '41 400', bin: '0001 644' }],
    ['a missing key', { configMap: { name: 'cfg', defaultMode: 0o644, items: [{ key: 'zz', path: 'z' }] } }, 'configmap references non-existent config key: zz'],
    ['a missing optional key', { configMap: { name: 'cfg', defaultMode: 0o644, optional: true, items: [{ key: 'zz', path: 'z' }, { key: 'a', path: 'a' }] } }, { a: '41 644' }],
    ['a missing ConfigMap', { configMap: { name: 'nope', defaultMode: 0o644 } }, 'configmap "nope" not found'],
    ['a missing optional ConfigMap', { configMap: { name: 'nope', defaultMode: 0o644, optional: true } }, {}],
    ['a secret', { secret: { secretName: 's', defaultMode: 0o440 } }, { pw: '78 440' }],
    ['a missing secret key', { secret: { secretName: 's', defaultMode: 0o440, items: [{ key: 'k', path: 'k' }] } }, 'references non-existent secret key: k'],
    ['a missing Secret', { secret: { secretName: 'nope', defaultMode: 0o644 } }, 'secret "nope" not found'],
    ['downward API fields and resources', {
      downwardAPI: { defaultMode: 0o644, items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }, { path: 'mem', mode: 0o600, resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } }] },
    }, { labels: `${Buffer.from('app="web"').toString('hex')} 644`, mem: '3634 600' }],
    ['projected sources in order, with the volume defaultMode', {
      projected: { defaultMode: 0o444, sources: [{ configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }, { secret: { name: 's' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } }] } }] },
    }, { a: '41 444', pw: '78 444', n: `${Buffer.from('web').toString('hex')} 444` }],
    ['a projected source that is missing', { projected: { defaultMode: 0o644, sources: [{ secret: { name: 'nope' } }] } }, 'secret "nope" not found'],
  ])('%s', (_what, volume, expected) => {
    expect(files(volume as Omit<Volume, 'name'>)).toEqual(expected);
  });
});
