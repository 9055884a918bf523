import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { certificateAltNames, isSignedBy } from './certificate-checks.js';
import { ensurePki } from './ensure-pki.js';
import { makeKubeconfig, makeServerUrl } from './kubeconfig.js';
import { servingAltNames } from '../start-https-api.js';

const NOW = Date.UTC(2026, 0, 1);
const NAMES = ['localhost', 'node-a', '127.0.0.1'];

describe('ensurePki', () => {
  it('makes a CA, a serving certificate with the SANs and an admin client in system:masters, keys 0600', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pki-'));
    const pki = await ensurePki(root, NAMES, NOW);
    expect(pki.made).toEqual(['ca', 'apiserver', 'admin']);
    expect(certificateAltNames(pki.serving.certPem).sort()).toEqual([...NAMES].sort());
    expect(isSignedBy(pki.serving.certPem, pki.ca.certPem) && isSignedBy(pki.admin.certPem, pki.ca.certPem)).toBe(true);
    const admin = forge.pki.certificateFromPem(pki.admin.certPem);
    expect(admin.subject.getField('CN').value).toBe('minikubelet-admin');
    expect(admin.subject.getField('O').value).toBe('system:masters');
    for (const key of ['ca.key', 'apiserver.key', 'admin.key']) expect((await stat(join(root, 'pki', key))).mode & 0o777).toBe(0o600);
  });

  it('reuses everything on the next start, and signs a new serving certificate when a name is missing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pki-'));
    const first = await ensurePki(root, NAMES, NOW);
    const second = await ensurePki(root, NAMES, NOW);
    expect(second.made).toEqual([]);
    expect(second.serving.certPem).toBe(first.serving.certPem);
    const moved = await ensurePki(root, [...NAMES, '10.0.0.7'], NOW);
    expect(moved.made).toEqual(['apiserver']);
    expect(moved.ca.certPem).toBe(first.ca.certPem);
    expect(certificateAltNames(moved.serving.certPem)).toContain('10.0.0.7');
    expect(await readFile(join(root, 'pki', 'apiserver.crt'), 'utf8')).toBe(moved.serving.certPem);
  });
});

describe('the kubeconfig', () => {
  it.each([
    ['127.0.0.1', 6443, 'https://127.0.0.1:6443'],
    ['0.0.0.0', 6443, 'https://127.0.0.1:6443'],
    ['10.0.0.7', 16443, 'https://10.0.0.7:16443'],
    ['::', 6443, 'https://[::1]:6443'],
  ])('dials %s:%i as %s', (address, port, url) => {
    expect(makeServerUrl(address, port)).toBe(url);
  });

  it('names the server, the CA and the client certificate inline', () => {
    const text = makeKubeconfig({ clusterName: 'node-a', serverUrl: 'https://127.0.0.1:6443', caPem: 'CA', admin: { certPem: 'CERT', keyPem: 'KEY' } });
    expect(text).toContain('server: https://127.0.0.1:6443');
    expect(text).toContain(`certificate-authority-data: ${Buffer.from('CA').toString('base64')}`);
    expect(text).toContain(`client-key-data: ${Buffer.from('KEY').toString('base64')}`);
    expect(text).toContain('current-context: minikubelet-admin@node-a');
  });
});

describe('servingAltNames', () => {
  it.each([
    ['127.0.0.1', ['localhost', 'node-a', '127.0.0.1']],
    ['10.0.0.7', ['localhost', 'node-a', '127.0.0.1', '10.0.0.7']],
    ['0.0.0.0', ['localhost', 'node-a', '127.0.0.1', '192.0.2.2']],
  ])('bound to %s covers %j', (apiBindAddress, names) => {
    expect(servingAltNames({ nodeName: 'node-a', apiBindAddress, hostIP: '192.0.2.2' })).toEqual(names);
  });
});
