/**
 * The kubelet port's serving certificate: --tls-cert-file/--tls-private-key-file when given, else
 * a self-signed one kept in `<root-dir>/pki/kubelet.crt/.key` (the kubelet's `<cert-dir>/kubelet.crt`),
 * made again when it no longer covers the node's names.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { certificateAltNames } from '../pki/certificate-checks.js';
import { certificateMaker } from '../pki/certificate-maker.js';
import type { KeyPair } from '../pki/certificates.js';
import { PKI_DIR, readPair, writePair } from '../pki/ensure-pki.js';

export interface ServingCertificateOptions {
  rootDir: string;
  nodeName: string;
  hostIP: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
}

export const KUBELET_CERT_NAME = 'kubelet';

/** The names the API server may dial the node by (`--kubelet-preferred-address-types`): node name, hostname, host IP, loopback. */
export function kubeletAltNames(o: Pick<ServingCertificateOptions, 'nodeName' | 'hostIP'>, host = hostname()): string[] {
  const names = [o.nodeName, host.toLowerCase(), 'localhost', '127.0.0.1'];
  if (isIP(o.hostIP)) names.push(o.hostIP);
  return [...new Set(names)];
}

export async function loadServingCertificate(o: ServingCertificateOptions, nowMs: number): Promise<KeyPair & { made: boolean }> {
  if (o.tlsCertFile !== undefined || o.tlsPrivateKeyFile !== undefined) {
    if (o.tlsCertFile === undefined || o.tlsPrivateKeyFile === undefined) {
      throw new Error('--tls-cert-file and --tls-private-key-file go together: give both, or neither for a self-signed certificate');
    }
    const read = (file: string, flag: string): Promise<string> =>
      readFile(file, 'utf8').catch((err: Error) => {
        throw new Error(`cannot read ${flag} ${file}: ${err.message}`, { cause: err });
      });
    return { certPem: await read(o.tlsCertFile, '--tls-cert-file'), keyPem: await read(o.tlsPrivateKeyFile, '--tls-private-key-file'), made: false };
  }
  const dir = join(o.rootDir, PKI_DIR);
  const altNames = kubeletAltNames(o);
  const existing = await readPair(dir, KUBELET_CERT_NAME);
  if (existing !== undefined && altNames.every((n) => certificateAltNames(existing.certPem).includes(n))) return { ...existing, made: false };
  // node-forge is loaded only when a certificate must be made (the agent's footprint), in a child process.
  const maker = certificateMaker();
  const pair = await maker.make({ fn: 'makeSelfSignedServing', args: [`${o.nodeName}@${Math.floor(nowMs / 1000)}`, altNames, nowMs] }).finally(() => maker.close());
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writePair(dir, KUBELET_CERT_NAME, pair);
  return { ...pair, made: true };
}
