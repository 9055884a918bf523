/**
 * What the agent checks of the certificates it finds in `<root-dir>/pki/` at start, with
 * node:crypto: making them needs node-forge (`certificates.ts`, 12 MiB of RSS), reading them does
 * not, so an agent whose certificates exist never loads it.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/** One spelling per address: IPv6 compressed as URLs write it (`::1`), anything else as is. */
function canonicalName(name: string): string {
  return isIP(name) === 6 ? new URL(`http://[${name}]/`).hostname.slice(1, -1) : name;
}

/** The DNS names and IPs a serving certificate covers (to tell whether it still fits the options). */
export function certificateAltNames(certPem: string): string[] {
  const text = new X509Certificate(certPem).subjectAltName ?? '';
  const names: string[] = [];
  for (const entry of text.split(', ')) {
    if (entry.startsWith('DNS:')) names.push(entry.slice('DNS:'.length));
    else if (entry.startsWith('IP Address:')) names.push(canonicalName(entry.slice('IP Address:'.length)));
  }
  return names;
}

/** Whether the certificate covers `name` (a DNS name or an IP in any spelling). */
export function coversName(certPem: string, name: string): boolean {
  return certificateAltNames(certPem).includes(canonicalName(name));
}

/** Whether `certPem` was issued and signed by `caPem` (a CA replaced by hand invalidates the leaves). */
export function isSignedBy(certPem: string, caPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}
