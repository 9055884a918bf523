import { describe, expect, it } from 'vitest';
import { makeApiEvent } from './api-events.js';

const started = { type: 'Normal' as const, reason: 'Started', message: 'Started container web', fieldPath: 'spec.containers{web}', firstTimestamp: '2026-12-05T10:00:00.000Z', lastTimestamp: '2026-12-05T10:00:05.000Z', count: 2 };

describe('makeApiEvent', () => {
  it.each([
    [
      'a container event of a pod: in its namespace, with the field path, from the kubelet on this host',
      started, { kind: 'Pod' as const, namespace: 'shop', name: 'web-1', uid: 'u1' },
      { involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: 'u1', namespace: 'shop', fieldPath: 'spec.containers{web}' }, metadata: { name: 'web-1.abc', namespace: 'shop' }, count: 2 },
    ],
    [
      'a node event: namespace default, the node\'s name as its UID, no namespace on the object',
      { ...started, reason: 'NodeReady', message: 'Node box status is now: NodeReady', fieldPath: undefined, count: 1 }, { kind: 'Node' as const, namespace: 'default', name: 'box', uid: 'box' },
      { involvedObject: { apiVersion: 'v1', kind: 'Node', name: 'box', uid: 'box' }, metadata: { name: 'web-1.abc', namespace: 'default' }, count: 1 },
    ],
  ])('%s', (_name, event, object, expected) => {
    const { fieldPath: _f, ...plain } = event;
    const made = makeApiEvent(event.fieldPath ? event : plain, object, 'box', 'web-1.abc') as Record<string, unknown>;
    expect(made).toMatchObject({ apiVersion: 'v1', kind: 'Event', source: { component: 'kubelet', host: 'box' }, reason: event.reason, type: 'Normal', ...expected });
    expect(made.involvedObject).toEqual(expected.involvedObject);
  });
});
