import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { generatePodStatus } from '../../status/generate-pod-status.js';
import { apiPod, makePod, running, sandbox, T0 } from '../../status/testing/fixtures.js';
import { formatObject, formatPods, makePodList } from './output-format.js';

const pod = makePod();
const served = apiPod(pod, generatePodStatus({ pod, containers: [sandbox(), running('app', 'app', T0)], reasonCache: new Map(), hostIP: '192.168.1.10', nowMs: T0 }));

describe('output formats', () => {
  it('prints a v1 PodList as 2-space JSON', () => {
    const text = formatObject(makePodList([served]), 'json');
    expect(text.startsWith('{\n  "apiVersion": "v1",\n  "kind": "PodList",\n  "metadata": {\n    "resourceVersion": ""\n  },\n  "items": [\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '' }, items: [served] });
  });

  it('prints one Pod when a name is given', () => {
    const parsed = JSON.parse(formatObject(served, 'json'));
    expect(parsed).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, status: { phase: 'Running' } });
  });

  it('prints the same objects as YAML, in kubectl\'s style', () => {
    const text = formatObject(makePodList([served]), 'yaml');
    expect(text.startsWith('apiVersion: v1\nkind: PodList\nmetadata:\n  resourceVersion: ""\nitems:\n- apiVersion: v1\n  kind: Pod\n')).toBe(true);
    expect(text).toContain('    creationTimestamp: "2024-05-01T11:50:00Z"\n');
    expect(text).toContain('    lastProbeTime: null\n');
    expect(YAML.parse(text)).toEqual(makePodList([served]));
  });

  it('prints a list of pods as a PodList and one pod as itself', () => {
    expect(formatPods([served], 'json')).toBe(formatObject(makePodList([served]), 'json'));
    expect(formatPods(served, 'yaml')).toBe(formatObject(served, 'yaml'));
  });
});
