import { describe, expect, it } from 'vitest';
import type { Volume } from '../api/pod-types.js';
import { makeContainer, makePod } from '../status/testing/fixtures.js';
import { emptyDirMemorySize } from './empty-dir-memory-size.js';

const Mi = 1024 * 1024;
const NODE = 8192 * Mi;

describe('emptyDirMemorySize (kubelet calculateEmptyDirMemorySize)', () => {
  const limited = makeContainer('a', { resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } } });
  const unlimited = makeContainer('b');
  const vol = (sizeLimit?: string): Volume => ({ name: 'v', emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });

  it.each<[string, ReturnType<typeof makeContainer>[], string | undefined, number]>([
    ['no limits anywhere: the node allocatable memory', [unlimited], undefined, NODE],
    ['the pod memory limit when every container has one', [limited], undefined, 256 * Mi],
    ['not the pod limit when a container has none', [limited, unlimited], undefined, NODE],
    ['a sizeLimit below the pod limit', [limited], '64Mi', 64 * Mi],
    ['a sizeLimit above the pod limit is capped by the pod limit', [limited], '1Gi', 256 * Mi],
    ['a sizeLimit above the node is capped by the node', [unlimited], '1Ti', NODE],
    ['a zero sizeLimit is ignored', [unlimited], '0', NODE],
  ])('%s', (_name, containers, sizeLimit, expected) => {
    expect(emptyDirMemorySize(makePod({ containers }), vol(sizeLimit), NODE)).toBe(expected);
  });
});

describe('emptyDirMemorySize with a pod-level memory limit', () => {
  const vol: Volume = { name: 'v', emptyDir: { medium: 'Memory' } };

  it('takes the pod-level limit though no container has one, as ResourceConfigForPod does', () => {
    const pod = makePod({ resources: { limits: { memory: '128Mi' }, requests: { memory: '64Mi' } }, containers: [makeContainer('a'), makeContainer('b')] });
    expect(emptyDirMemorySize(pod, vol, NODE)).toBe(128 * Mi);
    expect(emptyDirMemorySize(pod, { name: 'v', emptyDir: { medium: 'Memory', sizeLimit: '32Mi' } }, NODE)).toBe(32 * Mi);
  });

  it('keeps the node allocatable when the pod level limits only cpu and a container has no memory limit', () => {
    const pod = makePod({ resources: { limits: { cpu: '1' }, requests: { cpu: '1' } }, containers: [makeContainer('a')] });
    expect(emptyDirMemorySize(pod, vol, NODE)).toBe(NODE);
  });
});
