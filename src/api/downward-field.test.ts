import { describe, expect, it } from 'vitest';
import { formatMap, goQuote, resolveFieldPath } from './downward-field.js';
import type { Pod } from './pod-types.js';
import { defaultedContainer, defaultedPodSpec } from './testing/pod-fixtures.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', uid: 'u-1', labels: { tier: 'front', app: 'web' }, annotations: { 'example.com/note': 'a "b"\nc' } },
  spec: defaultedPodSpec({ containers: [defaultedContainer('app')], nodeName: 'node-1' }),
};
const ips = { podIPs: ['10.0.0.5', 'fd00::5'], hostIPs: ['192.168.1.2'] };

describe('resolveFieldPath (kubelet podFieldSelectorRuntimeValue)', () => {
  it.each([
    ['metadata.name', 'web'],
    ['metadata.namespace', 'prod'],
    ['metadata.uid', 'u-1'],
    ["metadata.labels['app']", 'web'],
    ["metadata.labels['missing']", ''],
    ["metadata.annotations['example.com/note']", 'a "b"\nc'],
    ['metadata.labels', 'app="web"\ntier="front"'],
    ['metadata.annotations', 'example.com/note="a \\"b\\"\\nc"'],
    ['spec.nodeName', 'node-1'],
    ['spec.serviceAccountName', ''],
    ['status.hostIP', '192.168.1.2'],
    ['status.hostIPs', '192.168.1.2'],
    ['status.podIP', '10.0.0.5'],
    ['status.podIPs', '10.0.0.5,fd00::5'],
  ])('%s → %j', (path, expected) => {
    expect(resolveFieldPath(pod, path, ips)).toBe(expected);
  });

  it('gives the empty string for the pod IP before the sandbox has one', () => {
    expect(resolveFieldPath(pod, 'status.podIP', { podIPs: [], hostIPs: [] })).toBe('');
  });

  it('formats maps as Go does: sorted keys, %q values, no trailing newline', () => {
    expect(formatMap({})).toBe('');
    expect(formatMap({ b: '2', a: 'tab\there' })).toBe('a="tab\\there"\nb="2"');
    expect(goQuote('é\x01\\')).toBe('"é\\x01\\\\"');
  });
});
