import { describe, expect, it } from 'vitest';
import { ignoredReason, isManifestFileName } from './manifest-file-filter.js';

describe('isManifestFileName', () => {
  it.each(['pod.yaml', 'pod.yml', 'pod.json', 'POD.YAML', 'web.Yml', 'kube-apiserver.yaml', 'a.b.yaml'])('reads %s', (name) => {
    expect(isManifestFileName(name)).toBe(true);
    expect(ignoredReason(name)).toBeUndefined();
  });

  it.each([
    ['.pod.yaml', 'hidden file'],
    ['.pod.yaml.swp', 'hidden file'],
    ['.#pod.yaml', 'hidden file'],
    ['pod.yaml~', 'editor backup file'],
    ['#pod.yaml#', 'editor autosave file'],
    ['pod.yaml.swp', 'editor or backup leftover (*.swp)'],
    ['pod.yaml.swx', 'editor or backup leftover (*.swx)'],
    ['pod.yaml.bak', 'editor or backup leftover (*.bak)'],
    ['pod.yaml.BAK', 'editor or backup leftover (*.bak)'],
    ['pod.yaml.orig', 'editor or backup leftover (*.orig)'],
    ['pod.yaml.rej', 'editor or backup leftover (*.rej)'],
    ['pod.yaml.tmp', 'editor or backup leftover (*.tmp)'],
    ['pod.manifest', 'not a manifest'],
    ['README.md', 'not a manifest'],
    ['4913', 'not a manifest'],
    ['pod', 'not a manifest'],
    ['yaml', 'not a manifest'],
  ])('ignores %s (%s)', (name, reason) => {
    expect(isManifestFileName(name)).toBe(false);
    expect(ignoredReason(name)).toContain(reason);
  });
});
