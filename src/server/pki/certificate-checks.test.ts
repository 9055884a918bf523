import { describe, expect, it } from 'vitest';
import { certificateAltNames, coversName, isSignedBy } from './certificate-checks.js';
import { makeCertificateAuthority, signCertificate } from './certificates.js';

const NOW = Date.UTC(2026, 0, 1);
const ca = makeCertificateAuthority('test-ca', NOW);
const serving = signCertificate(ca, { commonName: 'srv', usage: 'server', altNames: ['localhost', 'node-a', '127.0.0.1', '::1', 'fd00::7'] }, NOW);

describe('certificate checks (node:crypto, no node-forge)', () => {
  it('reads the DNS names and IPs a certificate made by node-forge covers', () => {
    expect(certificateAltNames(serving.certPem)).toEqual(['localhost', 'node-a', '127.0.0.1', '::1', 'fd00::7']);
  });

  it.each([
    ['localhost', true],
    ['node-a', true],
    ['127.0.0.1', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['fd00:0:0:0:0:0:0:7', true],
    ['10.0.0.7', false],
    ['node-b', false],
  ])('covers %s: %s', (name, covered) => {
    expect(coversName(serving.certPem, name)).toBe(covered);
  });

  it('tells a leaf of this CA from a leaf of another and from text that is no certificate', () => {
    const other = makeCertificateAuthority('other-ca', NOW);
    expect(isSignedBy(serving.certPem, ca.certPem)).toBe(true);
    expect(isSignedBy(serving.certPem, other.certPem)).toBe(false);
    expect(isSignedBy('not a certificate', ca.certPem)).toBe(false);
  });
});
