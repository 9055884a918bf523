import { describe, expect, it } from 'vitest';
import { applyPodDefaults } from '../api/defaults.js';
import type { Pod } from '../api/pod-types.js';
import { ownersOf, resolveDesiredPods, type ManifestFilePods } from './desired-pods.js';

function pod(name: string, uid = `uid-${name}`, namespace = 'default'): Pod {
  const defaulted = applyPodDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'a', image: 'x' }] } });
  return { ...defaulted, metadata: { ...defaulted.metadata, uid } };
}
const file = (name: string, firstSeenMs: number, pods: Pod[]): ManifestFilePods => ({
  file: `/etc/minikubelet/${name}`,
  firstSeenMs,
  pods: pods.map((p, document) => ({ pod: p, document })),
});
const names = (result: ReturnType<typeof resolveDesiredPods>) => result.pods.map((p) => `${p.file.split('/').pop()}:${p.pod.metadata.name}`);

describe('resolveDesiredPods', () => {
  it('keeps every pod when names are distinct', () => {
    const result = resolveDesiredPods([file('a.yaml', 1, [pod('web')]), file('b.yaml', 2, [pod('db'), pod('cache')])]);
    expect(names(result)).toEqual(['a.yaml:web', 'b.yaml:db', 'b.yaml:cache']);
    expect(result.errors).toEqual([]);
  });

  it('gives a name to the file seen first, and reports the later one naming both files', () => {
    const result = resolveDesiredPods([file('a.yaml', 200, [pod('web', 'u1')]), file('b.yaml', 100, [pod('web', 'u2')])]);
    expect(names(result)).toEqual(['b.yaml:web']);
    expect(result.errors).toEqual([
      {
        severity: 'error',
        file: '/etc/minikubelet/a.yaml',
        document: 0,
        path: 'metadata.name',
        message: 'pod "default/web" is already defined in b.yaml; this one is ignored until that name is free',
      },
    ]);
  });

  it('breaks a tie on first-seen time by file name', () => {
    const result = resolveDesiredPods([file('b.yaml', 5, [pod('web', 'u2')]), file('a.yaml', 5, [pod('web', 'u1')])]);
    expect(names(result)).toEqual(['a.yaml:web']);
    expect(result.errors[0]?.file).toBe('/etc/minikubelet/b.yaml');
  });

  it('reports a second document of the same file that reuses a name', () => {
    const result = resolveDesiredPods([file('a.yaml', 1, [pod('web', 'u1'), pod('web', 'u2')])]);
    expect(names(result)).toEqual(['a.yaml:web']);
    expect(result.errors[0]).toMatchObject({ document: 1, message: expect.stringContaining('already defined in document 0 of this file') });
  });

  it('treats the same name in different namespaces as different pods', () => {
    expect(names(resolveDesiredPods([file('a.yaml', 1, [pod('web', 'u1', 'a'), pod('web', 'u2', 'b')])]))).toEqual(['a.yaml:web', 'a.yaml:web']);
  });

  it('reports a uid pinned twice (it names the pod directory and containers)', () => {
    const result = resolveDesiredPods([file('a.yaml', 1, [pod('web', 'same')]), file('b.yaml', 2, [pod('db', 'same')])]);
    expect(names(result)).toEqual(['a.yaml:web']);
    expect(result.errors[0]).toMatchObject({ path: 'metadata.uid', message: expect.stringContaining('uid "same" is already used by pod "default/web" in a.yaml') });
  });

  it('frees the name when the first file goes away', () => {
    const b = file('b.yaml', 2, [pod('web', 'u2')]);
    expect(names(resolveDesiredPods([file('a.yaml', 1, [pod('web', 'u1')]), b]))).toEqual(['a.yaml:web']);
    expect(names(resolveDesiredPods([b]))).toEqual(['b.yaml:web']);
  });

  describe('with recorded owners (kept across agent restarts)', () => {
    const a = file('a.yaml', 5, [pod('web', 'u1'), pod('db', 'u3')]);
    const b = file('b.yaml', 5, [pod('web', 'u2')]);

    it('gives a name to its recorded owner whatever the order of first sight', () => {
      const result = resolveDesiredPods([a, b], new Map([['default/web', '/etc/minikubelet/b.yaml']]));
      expect(names(result)).toEqual(['a.yaml:db', 'b.yaml:web']);
      expect(result.errors).toMatchObject([{ file: '/etc/minikubelet/a.yaml', document: 0, message: expect.stringContaining('already defined in b.yaml') }]);
    });

    it('falls back to first sight when the recorded file no longer defines the name', () => {
      const result = resolveDesiredPods([a, file('b.yaml', 5, [pod('other', 'u4')])], new Map([['default/web', '/etc/minikubelet/b.yaml']]));
      expect(names(result)).toEqual(['a.yaml:web', 'a.yaml:db', 'b.yaml:other']);
    });

    it('lists who owns each name, for the record', () => {
      const result = resolveDesiredPods([a, b]);
      expect(Object.fromEntries(ownersOf(result.pods))).toEqual({ 'default/web': '/etc/minikubelet/a.yaml', 'default/db': '/etc/minikubelet/a.yaml' });
    });
  });
});
