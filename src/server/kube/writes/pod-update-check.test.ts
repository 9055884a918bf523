import { describe, expect, it } from 'vitest';
import type { Pod, PodSpec } from '../../../api/pod-types.js';
import { defaultedContainer, defaultedPodSpec } from '../../../api/testing/pod-fixtures.js';
import { checkPodUpdate, POD_UPDATE_FORBIDDEN } from './pod-update-check.js';

function pod(spec: Partial<PodSpec> = {}, labels: Record<string, string> = { app: 'web' }): Pod {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u1', labels, annotations: {} },
    spec: defaultedPodSpec({ containers: [defaultedContainer('main'), defaultedContainer('side')], ...spec }),
  } as Pod;
}

const BASE = pod({ activeDeadlineSeconds: 100, tolerations: [{ key: 'a', operator: 'Exists' }] });

function withSpec(change: (spec: PodSpec) => void, labels?: Record<string, string>): Pod {
  const next = structuredClone(BASE);
  change(next.spec);
  if (labels) next.metadata.labels = labels;
  return next;
}

describe('checkPodUpdate (ValidatePodUpdate)', () => {
  const allowed: Array<[string, (s: PodSpec) => void, Record<string, string>?]> = [
    ['an image', (s) => void (s.containers[1]!.image = 'busybox:1.36')],
    ['labels only', () => undefined, { app: 'web', tier: 'front' }],
    ['activeDeadlineSeconds shortened', (s) => void (s.activeDeadlineSeconds = 50)],
    ['a toleration added', (s) => void s.tolerations!.push({ key: 'b', operator: 'Exists' })],
  ];
  it.each(allowed)('allows %s', (_name, change, labels) => {
    expect(checkPodUpdate(BASE, withSpec(change, labels))).toEqual([]);
  });

  const refused: Array<[string, (s: PodSpec) => void, string]> = [
    ['a command', (s) => void (s.containers[0]!.command = ['sh']), 'spec.containers[0].command'],
    ['the restart policy', (s) => void (s.restartPolicy = 'Never'), 'spec.restartPolicy'],
    ['a container added', (s) => void s.containers.push(defaultedContainer('third')), 'spec.containers'],
    ['a toleration removed', (s) => void (s.tolerations = []), 'spec.tolerations'],
  ];
  it.each(refused)('refuses %s with the API server\'s message, naming what changed', (_name, change, changed) => {
    const problems = checkPodUpdate(BASE, withSpec(change));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'spec' });
    expect(problems[0]!.message).toContain(`Forbidden: ${POD_UPDATE_FORBIDDEN}`);
    expect(problems[0]!.message).toContain(changed);
  });

  it.each([
    ['lengthened', 200, 'must be less than or equal to previous value'],
    ['removed', undefined, 'must not update from a positive integer to nil value'],
  ])('refuses activeDeadlineSeconds %s', (_name, value, message) => {
    const problems = checkPodUpdate(BASE, withSpec((s) => {
      if (value === undefined) delete s.activeDeadlineSeconds;
      else s.activeDeadlineSeconds = value;
    }));
    expect(problems.find((p) => p.path === 'spec.activeDeadlineSeconds')?.message).toContain(message);
  });
});
