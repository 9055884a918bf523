import { mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRealPathAllowed } from './allowed-host-paths.js';
import { ensurePodDir } from './ensure-pod-dir.js';
import { UnsafePathSegmentError, podDir, terminationMessageFile } from './pod-dirs.js';

describe('pod directories', () => {
  it('refuses a UID or container name that is not one path segment', () => {
    for (const uid of ['..', '.', '', '../../etc', 'a/b', 'a\\b', 'a\0b']) {
      expect(() => podDir('/var/lib/minikubelet', uid), JSON.stringify(uid)).toThrow(UnsafePathSegmentError);
    }
    expect(() => terminationMessageFile('/r', 'uid-1', '..', 0)).toThrow(UnsafePathSegmentError);
    expect(podDir('/r', '1f0e-uid')).toBe('/r/pods/1f0e-uid');
  });

  describe('on disk', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'minikubelet-pod-dirs-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('makes pods/ and the pod directory 0750 whatever the umask', async () => {
      const old = process.umask(0);
      try {
        const pod = await ensurePodDir(dir, 'uid-1');
        expect((await stat(join(dir, 'pods'))).mode & 0o777).toBe(0o750);
        expect((await stat(pod)).mode & 0o777).toBe(0o750);
      } finally {
        process.umask(old);
      }
    });

    it('refuses a hostPath whose real path leaves the allowed prefixes through a symlink', async () => {
      await mkdir(join(dir, 'allowed', 'data'), { recursive: true });
      await mkdir(join(dir, 'secret'));
      await symlink(join(dir, 'secret'), join(dir, 'allowed', 'escape'));
      await expect(checkRealPathAllowed(join(dir, 'allowed', 'data'), [join(dir, 'allowed')])).resolves.toBeUndefined();
      await expect(checkRealPathAllowed(join(dir, 'allowed', 'escape'), [join(dir, 'allowed')])).rejects.toThrow(
        `hostPath ${join(dir, 'allowed', 'escape')} resolves to ${join(dir, 'secret')}, which is not under the allowed host paths (${join(dir, 'allowed')})`,
      );
    });
  });
});
