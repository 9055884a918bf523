import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../api/config-object-types.js';
import { resolveConfigObjects } from './desired-config-objects.js';

function configMap(name: string, data: Record<string, string>, immutable?: boolean): ConfigMap {
  return {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels: {}, annotations: {} },
    data, binaryData: {}, ...(immutable !== undefined ? { immutable } : {}),
  };
}
const file = (name: string, ...objects: ConfigMap[]) => ({ file: `/m/${name}`, firstSeenMs: 1, objects: objects.map((object, document) => ({ object, document })) });

describe('resolveConfigObjects', () => {
  it('keeps an immutable ConfigMap as it was when its file changes it, and says so on the file', () => {
    const before = resolveConfigObjects([file('a.yaml', configMap('cfg', { k: 'v1' }, true))]);
    const after = resolveConfigObjects([file('a.yaml', configMap('cfg', { k: 'v2' }, true))], new Map(), before.objects);
    expect((after.objects[0] as ConfigMap).data).toEqual({ k: 'v1' });
    expect(after.errors).toEqual([expect.objectContaining({ severity: 'error', file: '/m/a.yaml', document: 0, path: 'data', message: expect.stringContaining('field is immutable when `immutable` is set') })]);
    // Turning immutability off is a change too.
    expect(resolveConfigObjects([file('a.yaml', configMap('cfg', { k: 'v1' }, false))], new Map(), before.objects).errors).toHaveLength(1);
  });

  it('lets a mutable one change, an unchanged immutable one stay without complaint, and an immutable one be deleted', () => {
    const mutable = resolveConfigObjects([file('a.yaml', configMap('cfg', { k: 'v1' }))]);
    expect(resolveConfigObjects([file('a.yaml', configMap('cfg', { k: 'v2' }))], new Map(), mutable.objects).errors).toEqual([]);
    const frozen = resolveConfigObjects([file('a.yaml', configMap('cfg', { k: 'v1' }, true))]);
    expect(resolveConfigObjects([file('a.yaml', configMap('cfg', { k: 'v1' }, true))], new Map(), frozen.objects).errors).toEqual([]);
    expect(resolveConfigObjects([], new Map(), frozen.objects).objects).toEqual([]);
  });
});
