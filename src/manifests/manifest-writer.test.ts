import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateDocuments, ManifestWriteError, removeManifestFile, writeManifestFile } from './manifest-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minikubelet-writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const POD = (name: string, ns = '') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nspec: {containers: [{name: a, image: b}]}\n`;

describe('locateDocuments', () => {
  it('finds the document defining kind, namespace and name (no namespace is default), not backups', async () => {
    await writeFile(join(dir, 'stack.yaml'), `${POD('other')}---\n${POD('web')}`);
    await writeFile(join(dir, 'prod.yaml'), POD('web', 'prod'));
    await writeFile(join(dir, 'stack.yaml.bak'), POD('web'));
    const found = await locateDocuments(dir, 'Pod', 'default', 'web');
    expect(found.map((d) => [d.file, d.document])).toEqual([[join(dir, 'stack.yaml'), 1]]);
    expect(found[0]!.value).toMatchObject({ metadata: { name: 'web' } });
    expect((await locateDocuments(dir, 'Pod', 'prod', 'web')).map((d) => d.file)).toEqual([join(dir, 'prod.yaml')]);
    expect(await locateDocuments(dir, 'ConfigMap', 'default', 'web')).toEqual([]);
  });

  it('gives each alias its own copy of what it names, so a change in one place stays there', async () => {
    await writeFile(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: &l {app: x}\nspec:\n  nodeSelector: *l\n');
    const [doc] = await locateDocuments(dir, 'Pod', 'default', 'a');
    const value = doc!.value as { metadata: { labels: Record<string, string> }; spec: { nodeSelector: Record<string, string> } };
    expect(value.metadata.labels).not.toBe(value.spec.nodeSelector);
  });
});

describe('writeManifestFile', () => {
  it('replaces the file whole with mode 0644 and leaves no temp file behind', async () => {
    const file = join(dir, 'default.web.pod.yaml');
    await writeFile(file, 'old', { mode: 0o600 });
    await writeManifestFile(file, POD('web'));
    expect(await readFile(file, 'utf8')).toBe(POD('web'));
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['default.web.pod.yaml']);
  });

  it('says which path it could not write, and leaves nothing behind', async () => {
    const file = join(dir, 'missing', 'x.yaml');
    const err = await writeManifestFile(file, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestWriteError);
    expect((err as ManifestWriteError).message).toContain(`cannot write ${file}`);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('removeManifestFile', () => {
  it('says which path it could not remove', async () => {
    const err = await removeManifestFile(join(dir, 'gone.yaml')).catch((e: unknown) => e);
    expect((err as ManifestWriteError).message).toContain(`cannot remove ${join(dir, 'gone.yaml')}`);
  });
});
