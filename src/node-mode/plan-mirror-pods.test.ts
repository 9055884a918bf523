import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { defaultedContainer, defaultedPodSpec } from '../api/testing/pod-fixtures.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import type { ApiServerPod } from './api-pod-object.js';
import { makeMirrorPod, mirrorPodName, planMirrorPods } from './plan-mirror-pods.js';

const NODE = 'Box-1';

function filePod(name: string, uid: string, env: Pod['spec']['containers'][number]['env'] = []): DesiredPod {
  return {
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid, labels: { app: name }, annotations: { 'kubernetes.io/config.hash': uid, 'kubernetes.io/config.source': 'file' } }, spec: defaultedPodSpec({ containers: [defaultedContainer('c', { env })] }) },
    file: `/etc/pods/${name}.yaml`, document: 0, firstSeenMs: 0, fileMtimeMs: 0,
  };
}

function mirror(name: string, hash: string, extra: Partial<ApiServerPod['metadata']> = {}): ApiServerPod {
  return { metadata: { name: mirrorPodName(name, NODE), namespace: 'default', uid: `api-${name}-${hash}`, annotations: { 'kubernetes.io/config.mirror': hash }, ...extra }, spec: {} };
}

const names = (pods: readonly { metadata: { name: string } }[]) => pods.map((p) => p.metadata.name);

describe('planMirrorPods', () => {
  it('names a mirror <name>-<node in lowercase>, as the kubelet', () => {
    expect(mirrorPodName('web', NODE)).toBe('web-box-1');
  });

  it.each([
    ['a static pod without a mirror gets one', [filePod('web', 'u1')], [], { create: ['web'], remove: [], mirrors: [] }],
    ['a mirror with the static pod\'s hash is kept and carries its status', [filePod('web', 'u1')], [mirror('web', 'u1')], { create: [], remove: [], mirrors: ['web-box-1'] }],
    ['a stale hash (the file was edited): deleted and made again', [filePod('web', 'u2')], [mirror('web', 'u1')], { create: ['web'], remove: ['web-box-1'], mirrors: [] }],
    ['a mirror being deleted: deleted for good and made again', [filePod('web', 'u1')], [mirror('web', 'u1', { deletionTimestamp: '2026-12-05T10:00:00Z' })], { create: ['web'], remove: ['web-box-1'], mirrors: [] }],
    ['a mirror whose file is gone: deleted', [], [mirror('old', 'u9')], { create: [], remove: ['old-box-1'], mirrors: [] }],
  ])('%s', (_name, files, api, expected) => {
    const plan = planMirrorPods(files, api, NODE);
    expect({ create: names(plan.create.map((d) => d.pod)), remove: names(plan.remove), mirrors: names([...plan.mirrors.values()]) }).toEqual(expected);
  });

  it('gives no mirror to a static pod that uses the directory\'s Secrets, and says why', () => {
    const plan = planMirrorPods([filePod('db', 'u3', [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db-pass', key: 'pw' } } }])], [], NODE);
    expect(plan.create).toEqual([]);
    expect(plan.refused[0]?.message).toMatch(/^no mirror pod in the API server: it references secret\/default\/db-pass of the manifest directory/);
  });

  it('makes the mirror the static pod\'s copy with the mirror annotation and the Node as its one controller owner', () => {
    expect(makeMirrorPod(filePod('web', 'u1'), 'box-1', 'node-uid')).toMatchObject({
      metadata: {
        name: 'web-box-1', namespace: 'default', labels: { app: 'web' },
        annotations: { 'kubernetes.io/config.mirror': 'u1', 'kubernetes.io/config.hash': 'u1', 'kubernetes.io/config.source': 'file' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'box-1', uid: 'node-uid', controller: true }],
      },
      spec: { nodeName: 'box-1' },
    });
  });
});
