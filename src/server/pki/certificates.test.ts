import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { makeCertificateAuthority, makeSelfSignedServing, signCertificate } from './certificates.js';

/** The ASN.1 string type of a subject attribute as written in the certificate's DER. */
function tagOf(certPem: string, shortName: 'CN' | 'O'): unknown {
  const reparsed = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem)))));
  return (reparsed.subject.getField(shortName) as { valueTagClass: unknown }).valueTagClass;
}

describe('certificates', () => {
  it('writes subject names as UTF8String, as Go does (Go refuses `@` in a PrintableString: the kubelet CN `<node>@<time>`)', () => {
    const now = Date.UTC(2026, 11, 5);
    const serving = makeSelfSignedServing('node_a@1796432118', ['node_a', '127.0.0.1'], now);
    expect(tagOf(serving.certPem, 'CN')).toBe(forge.asn1.Type.UTF8);
    const ca = makeCertificateAuthority('minikubelet-ca', now);
    const client = signCertificate(ca, { commonName: 'system:node:node_a', organizations: ['system:nodes'], usage: 'client' }, now);
    expect(tagOf(client.certPem, 'CN')).toBe(forge.asn1.Type.UTF8);
    expect(tagOf(client.certPem, 'O')).toBe(forge.asn1.Type.UTF8);
  });
});

describe('signatures (made by node:crypto, checked by it)', () => {
  it('signs the CA itself, a leaf with the CA key, and a self-signed serving certificate verifiably', () => {
    const ca = makeCertificateAuthority('ca', Date.now());
    const leaf = signCertificate(ca, { commonName: 'x', usage: 'server', altNames: ['127.0.0.1', 'localhost'] }, Date.now());
    const self = makeSelfSignedServing('node@1', ['node'], Date.now());
    const caCert = new X509Certificate(ca.certPem);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(new X509Certificate(leaf.certPem).checkIssued(caCert)).toBe(true);
    expect(new X509Certificate(leaf.certPem).verify(caCert.publicKey)).toBe(true);
    expect(new X509Certificate(leaf.certPem).verify(new X509Certificate(self.certPem).publicKey)).toBe(false);
    const selfCert = new X509Certificate(self.certPem);
    expect(selfCert.verify(selfCert.publicKey)).toBe(true);
  });
});
