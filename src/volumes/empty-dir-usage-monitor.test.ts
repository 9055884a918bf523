import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Volume } from '../api/pod-types.js';
import { emptyDirPath } from './pod-dirs.js';
import { makePod } from '../status/testing/fixtures.js';
import { emptyDirEvictionMessage, emptyDirLimits } from './empty-dir-limits.js';
import { EmptyDirUsageMonitor } from './empty-dir-usage-monitor.js';

describe('emptyDirLimits', () => {
  it('watches disk emptyDirs with a sizeLimit above zero only', () => {
    const volumes: Volume[] = [
      { name: 'a', emptyDir: { medium: '', sizeLimit: '10Mi' } },
      { name: 'b', emptyDir: { medium: '' } },
      { name: 'c', emptyDir: { medium: 'Memory', sizeLimit: '10Mi' } },
      { name: 'd', emptyDir: { medium: '', sizeLimit: '0' } },
      { name: 'e', hostPath: { path: '/x', type: '' } },
    ];
    expect(emptyDirLimits(makePod({ volumes }))).toEqual([{ volume: 'a', limitBytes: 10 * 1024 * 1024, limitText: '10Mi' }]);
  });

  it('words the message as the kubelet', () => {
    expect(emptyDirEvictionMessage('scratch', '10Mi')).toBe('Usage of EmptyDir volume "scratch" exceeds the limit "10Mi". ');
  });
});

describe('EmptyDirUsageMonitor', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'usage-monitor-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('evicts a pod whose disk emptyDir is over its sizeLimit, and only that pod', async () => {
    const small = makePod({ volumes: [{ name: 'scratch', emptyDir: { medium: '', sizeLimit: '1Mi' } }] }, 'small');
    const roomy = { ...makePod({ volumes: [{ name: 'scratch', emptyDir: { medium: '', sizeLimit: '8Mi' } }] }, 'roomy') };
    roomy.metadata = { ...roomy.metadata, uid: 'roomy-uid' };
    for (const pod of [small, roomy]) {
      const dir = emptyDirPath(root, pod.metadata.uid, 'scratch');
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'data'), Buffer.alloc(2 * 1024 * 1024, 1));
    }
    const evicted: string[] = [];
    const monitor = new EmptyDirUsageMonitor({
      rootDir: root, pods: () => [small, roomy], log: pino({ level: 'silent' }), intervalMs: 10_000, maxEntriesPerVolume: 1000,
      onExceeded: (pod, message) => evicted.push(`${pod.metadata.name}: ${message}`),
    });
    await monitor.checkAll();
    expect(evicted).toEqual(['small: Usage of EmptyDir volume "scratch" exceeds the limit "1Mi". ']);
  });
});
