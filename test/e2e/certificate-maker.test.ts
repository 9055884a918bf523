/**
 * The certificate maker's child process, as the built agent runs it (dist/agent/): node-forge is
 * loaded there, never in the agent.
 */
import { X509Certificate } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { certificateMaker } from '../../src/server/pki/certificate-maker.js';

const CHILD = fileURLToPath(new URL('../../dist/agent/certificate-maker-child.js', import.meta.url));
const NOW = Date.now();

describe('the certificate maker child (the built agent)', () => {
  it('makes a CA and signs with it in one child, which exits when closed', async () => {
    const maker = certificateMaker(CHILD);
    try {
      const ca = await maker.make({ fn: 'makeCertificateAuthority', args: ['test-ca', NOW] });
      const leaf = await maker.make({ fn: 'signCertificate', args: [ca, { commonName: 'leaf', usage: 'server', altNames: ['localhost', '127.0.0.1'] }, NOW] });
      const caCert = new X509Certificate(ca.certPem);
      const leafCert = new X509Certificate(leaf.certPem);
      expect(caCert.ca).toBe(true);
      expect(leafCert.verify(caCert.publicKey)).toBe(true);
      expect(leafCert.checkHost('localhost')).toBe('localhost');
      expect(leaf.keyPem).toContain('PRIVATE KEY');
    } finally {
      maker.close();
    }
  });

  it("says what failed when a request is refused, and when the child cannot run", async () => {
    const maker = certificateMaker(CHILD);
    try {
      await expect(maker.make({ fn: 'signCertificate', args: [{ certPem: 'not a certificate', keyPem: 'nor a key' }, { commonName: 'x', usage: 'client' }, NOW] })).rejects.toThrow(/^making a certificate signed by the CA in a child process \(.*certificate-maker-child\.js\) failed: /);
      // The same child answers the next request.
      expect((await maker.make({ fn: 'makeSelfSignedServing', args: ['node-a@1', ['node-a'], NOW] })).certPem).toContain('BEGIN CERTIFICATE');
    } finally {
      maker.close();
    }
    const broken = certificateMaker(fileURLToPath(new URL('../../package.json', import.meta.url)));
    await expect(broken.make({ fn: 'makeCertificateAuthority', args: ['x', NOW] })).rejects.toThrow(/^making the CA certificate in a child process \(.*package\.json\): it exited \(1\): .+/);
    broken.close();
  });
});
