/**
 * The child process `certificate-maker.ts` runs: one JSON request a line on stdin
 * (`{ fn, args }`, a function of `certificates.ts`), one JSON answer a line on stdout
 * (`{ result }` or `{ error }`); it exits when stdin closes. node-forge is loaded here, never in
 * the agent.
 */
import { createInterface } from 'node:readline';
import * as certificates from './certificates.js';
import type { CertificateRequest } from './certificate-maker.js';

const makers: { [F in CertificateRequest['fn']]: (...args: never[]) => unknown } = {
  makeCertificateAuthority: certificates.makeCertificateAuthority,
  signCertificate: certificates.signCertificate,
  makeSelfSignedServing: certificates.makeSelfSignedServing,
};

for await (const line of createInterface({ input: process.stdin })) {
  let answer: { result: unknown } | { error: string };
  try {
    const { fn, args } = JSON.parse(line) as CertificateRequest;
    const maker = makers[fn] as ((...a: unknown[]) => unknown) | undefined;
    if (!maker) throw new Error(`no certificate maker named ${String(fn)}`);
    answer = { result: maker(...args) };
  } catch (err) {
    answer = { error: (err as Error).message };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
