import { describe, expect, it } from 'vitest';
import { withoutRestoredDefaults } from './restored-defaults.js';
import { preconditionsOf, withoutServerFields } from './server-fields.js';

const READ_BACK = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' },
    annotations: { 'kubernetes.io/config.hash': 'u1', 'kubernetes.io/config.source': 'file', 'minikubelet.io/manifest-file': '/m/web.yaml', note: 'kept' },
  },
  spec: { nodeName: 'node-a', restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ name: 'main', image: 'busybox:1.35', terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' }] },
  status: { phase: 'Running' },
};

const HAND_WRITTEN = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { restartPolicy: 'Always', containers: [{ name: 'main', image: 'busybox:1.35' }] } };

describe('withoutServerFields', () => {
  it('drops what the server sets and what a GET added to the document', () => {
    expect(withoutServerFields(READ_BACK, 'node-a', HAND_WRITTEN)).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web', labels: { app: 'web' }, annotations: { note: 'kept' } },
      spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ name: 'main', image: 'busybox:1.35', terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' }] },
    });
  });

  it('keeps a uid, namespace and nodeName the document wrote', () => {
    const written = { ...HAND_WRITTEN, metadata: { ...HAND_WRITTEN.metadata, uid: 'u1', namespace: 'default' }, spec: { ...HAND_WRITTEN.spec, nodeName: 'node-a' } };
    const kept = withoutServerFields(READ_BACK, 'node-a', written);
    expect(kept['metadata']).toMatchObject({ uid: 'u1', namespace: 'default' });
    expect(kept['spec']).toMatchObject({ nodeName: 'node-a' });
  });
});

describe('withoutRestoredDefaults', () => {
  it('leaves out defaults the document did not write, keeps the ones it did', () => {
    const value = withoutServerFields(READ_BACK, 'node-a', HAND_WRITTEN);
    expect(withoutRestoredDefaults(value, HAND_WRITTEN)['spec']).toEqual({ restartPolicy: 'Always', containers: [{ name: 'main', image: 'busybox:1.35' }] });
  });

  it('keeps a value that is not the default', () => {
    const value = withoutServerFields({ ...READ_BACK, spec: { ...READ_BACK.spec, dnsPolicy: 'Default' } }, 'node-a', HAND_WRITTEN);
    expect(withoutRestoredDefaults(value, HAND_WRITTEN)['spec']).toMatchObject({ dnsPolicy: 'Default' });
  });
});

describe('preconditionsOf', () => {
  it.each([
    [{ metadata: { resourceVersion: '7', uid: 'u' } }, { resourceVersion: '7', uid: 'u' }],
    [{ metadata: { resourceVersion: '' } }, {}],
    [{ spec: {} }, {}],
  ])('%j → %j', (value, want) => expect(preconditionsOf(value)).toEqual(want));
});
