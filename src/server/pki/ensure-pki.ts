/**
 * The API server's certificates in `<root-dir>/pki/` (kubeadm's layout: ca.crt/ca.key,
 * apiserver.crt/key, admin.crt/key), made at first start and reused after: a kubeconfig handed
 * out keeps working across agent restarts. Keys are 0600. A serving certificate that no longer
 * covers the bind address or node name is signed again by the same CA.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coversName, isSignedBy } from './certificate-checks.js';
import { certificateMaker } from './certificate-maker.js';
import type { KeyPair } from './certificates.js';

export const PKI_DIR = 'pki';
export const ADMIN_COMMON_NAME = 'minikubelet-admin';

export interface Pki {
  ca: KeyPair;
  serving: KeyPair;
  admin: KeyPair;
  /** What was made this start (for the log): `ca`, `apiserver`, `admin`. */
  made: string[];
}

export async function readPair(dir: string, name: string): Promise<KeyPair | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(join(dir, `${name}.crt`), 'utf8'), readFile(join(dir, `${name}.key`), 'utf8')]);
    return { certPem, keyPem };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${join(dir, name)}.crt/.key: ${(err as Error).message}; fix or remove them (they are made again at start)`, { cause: err });
  }
}

/** Written to a temp file and renamed: a crash never leaves half a key. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

export async function writePair(dir: string, name: string, pair: KeyPair): Promise<void> {
  await writePrivateFile(join(dir, `${name}.key`), pair.keyPem);
  await writeFile(join(dir, `${name}.crt`), pair.certPem, { mode: 0o644 });
}

export async function ensurePki(rootDir: string, altNames: string[], nowMs: number): Promise<Pki> {
  const dir = join(rootDir, PKI_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const made: string[] = [];
  // node-forge is loaded only when a certificate must be made (the first start, a new address), in a child process.
  const maker = certificateMaker();
  try {
    let ca = await readPair(dir, 'ca');
    if (ca === undefined) {
      ca = await maker.make({ fn: 'makeCertificateAuthority', args: ['minikubelet-ca', nowMs] });
      await writePair(dir, 'ca', ca);
      made.push('ca');
    }
    const caPem = ca.certPem;
    const fits = (pair: KeyPair | undefined, extra: (p: KeyPair) => boolean): pair is KeyPair => pair !== undefined && isSignedBy(pair.certPem, caPem) && extra(pair);
    let serving = await readPair(dir, 'apiserver');
    if (!fits(serving, (p) => altNames.every((n) => coversName(p.certPem, n)))) {
      serving = await maker.make({ fn: 'signCertificate', args: [ca, { commonName: 'minikubelet-apiserver', usage: 'server', altNames }, nowMs] });
      await writePair(dir, 'apiserver', serving);
      made.push('apiserver');
    }
    let admin = await readPair(dir, 'admin');
    if (!fits(admin, () => true)) {
      admin = await maker.make({ fn: 'signCertificate', args: [ca, { commonName: ADMIN_COMMON_NAME, organizations: ['system:masters'], usage: 'client' }, nowMs] });
      await writePair(dir, 'admin', admin);
      made.push('admin');
    }
    return { ca, serving, admin, made };
  } finally {
    maker.close();
  }
}
