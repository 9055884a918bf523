import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUpwards } from './find-upwards.js';

describe('findUpwards', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'find-upwards-'));
    await mkdir(join(root, 'deploy', 'pause'), { recursive: true });
    await writeFile(join(root, 'deploy', 'pause', 'Dockerfile'), 'FROM scratch\n');
    await mkdir(join(root, 'dist', 'agent'), { recursive: true });
    await mkdir(join(root, 'dist', 'runtime', 'docker'), { recursive: true });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each([
    ['compiled, three levels down', ['dist', 'runtime', 'docker']],
    ['bundled, two levels down', ['dist', 'agent']],
    ['at the root itself', []],
  ])('finds the file from %s', (_, below) => {
    expect(findUpwards(join(root, ...below), join('deploy', 'pause', 'Dockerfile'))).toBe(join(root, 'deploy', 'pause'));
  });

  it('answers where it would be beside `from` when no directory above holds it', () => {
    expect(findUpwards(join(root, 'dist', 'agent'), join('no', 'such', 'file'))).toBe(join(root, 'dist', 'agent', 'no', 'such'));
  });
});
