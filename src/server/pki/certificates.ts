/**
 * The API server's X.509 material, made with node-forge (keys and signatures by node:crypto): a CA, the serving
 * certificate it signs (kubeadm's `apiserver` cert) and client certificates (kubeadm's
 * `admin.conf` identity: O=system:masters). Pure apart from the key generation and randomness.
 * Imported only when something must be made (`ensure-pki.ts`); the checks of existing ones are
 * in `certificate-checks.ts`.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** A certificate and its key, PEM. */
export interface KeyPair {
  certPem: string;
  keyPem: string;
}

/** kubeadm: the CA lives 10 years, leaf certificates 1 year; we give leaves the CA's span (no rotation here). */
const CA_YEARS = 10;
const LEAF_YEARS = 10;
/** Tolerates a client clock a little behind ours (kubeadm backdates by 5 minutes too). */
const BACKDATE_MS = 5 * 60_000;

function newKey(): { pem: string; privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey);
  return { pem: privateKey, privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/**
 * A subject attribute as Go writes one: UTF8String. node-forge's default, PrintableString, cannot
 * hold `@` or `_`, and Go's x509 refuses such a certificate ("invalid PrintableString"): the
 * kubelet's own self-signed CN is `<host>@<unix time>`.
 */
function utf8Field(name: 'commonName' | 'organizationName', value: string): forge.pki.CertificateField {
  return { name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}

/**
 * forge's `cert.sign(key, sha256)` with the RSA signature made by node:crypto (OpenSSL): forge signs
 * in JavaScript, which in the agent's V8 lite mode blocked the event loop for seconds per
 * certificate at a first start, long enough on a slow machine to miss systemd's watchdog.
 */
function signSha256(cert: forge.pki.Certificate, keyPem: string): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption!;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  cert.md = forge.md.sha256.create();
  // getTBSCertificate is forge's own (x509.js), missing from its type declarations.
  const pki = forge.pki as typeof forge.pki & { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
  cert.tbsCertificate = pki.getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, keyPem).toString('binary');
}

function baseCertificate(publicKey: forge.pki.rsa.PublicKey, subject: forge.pki.CertificateField[], nowMs: number, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the top bit cleared.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(nowMs - BACKDATE_MS);
  cert.validity.notAfter = new Date(nowMs + years * 365 * 24 * 3600_000);
  cert.setSubject(subject);
  return cert;
}

export function makeCertificateAuthority(commonName: string, nowMs: number): KeyPair {
  const key = newKey();
  const cert = baseCertificate(key.publicKey, [utf8Field('commonName', commonName)], nowMs, CA_YEARS);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signSha256(cert, key.pem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.pem };
}

export interface LeafRequest {
  commonName: string;
  organizations?: string[];
  usage: 'server' | 'client';
  /** DNS names and IP addresses (server certificates). */
  altNames?: string[];
}

export function signCertificate(ca: KeyPair, request: LeafRequest, nowMs: number): KeyPair {
  const key = newKey();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const subject: forge.pki.CertificateField[] = [
    ...(request.organizations ?? []).map((value) => utf8Field('organizationName', value)),
    utf8Field('commonName', request.commonName),
  ];
  const cert = baseCertificate(key.publicKey, subject, nowMs, LEAF_YEARS);
  cert.setIssuer(caCert.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: request.usage === 'server', clientAuth: request.usage === 'client' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (request.altNames?.length) {
    extensions.push({ name: 'subjectAltName', altNames: request.altNames.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) });
  }
  cert.setExtensions(extensions);
  signSha256(cert, ca.keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.pem };
}

/**
 * A self-signed serving certificate, as the kubelet makes one when given no --tls-cert-file
 * (`certutil.GenerateSelfSignedCertKey`: the node's names as SANs). A client verifies it only by
 * pinning it; the API server dials kubelets without verifying unless --kubelet-certificate-authority.
 */
export function makeSelfSignedServing(commonName: string, altNames: string[], nowMs: number): KeyPair {
  const key = newKey();
  const cert = baseCertificate(key.publicKey, [utf8Field('commonName', commonName)], nowMs, LEAF_YEARS);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: altNames.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ]);
  signSha256(cert, key.pem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.pem };
}
