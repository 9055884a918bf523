/**
 * Makes certificates (`certificates.ts`) in a child Node process when the agent runs from its
 * build: node-forge and the code it runs (2 MiB and more of the agent's heap, kept for good once
 * loaded) never enter the agent, at the cost of one short-lived process at a first start. Run from
 * the TypeScript sources (the tests), where there is no child script to run, the same functions
 * are called in-process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type * as Certificates from './certificates.js';
import type { KeyPair } from './certificates.js';

type Fns = Pick<typeof Certificates, 'makeCertificateAuthority' | 'signCertificate' | 'makeSelfSignedServing'>;

/** One call of a `certificates.ts` function, as the child reads it. */
export type CertificateRequest = { [F in keyof Fns]: { fn: F; args: Parameters<Fns[F]> } }[keyof Fns];

export interface CertificateMaker {
  make(request: CertificateRequest): Promise<KeyPair>;
  /** Ends the child process (if one was started); further requests start another. */
  close(): void;
}

/** Next to this module in the build (dist/agent/ for the bundle, dist/server/pki/ for tsc's output). */
const CHILD = fileURLToPath(new URL('./certificate-maker-child.js', import.meta.url));

/** Starts nothing until the first request. */
export function certificateMaker(childScript = CHILD): CertificateMaker {
  return existsSync(childScript) ? childMaker(childScript) : inProcessMaker();
}

function inProcessMaker(): CertificateMaker {
  return {
    async make({ fn, args }) {
      const certificates = await import('./certificates.js');
      return (certificates[fn] as (...a: unknown[]) => KeyPair)(...args);
    },
    close() {},
  };
}

function childMaker(script: string): CertificateMaker {
  let child: ReturnType<typeof start> | undefined;
  let queue = Promise.resolve();
  return {
    make(request) {
      const answer = queue.then(async () => {
        child ??= start(script);
        return child.ask(request);
      });
      queue = answer.then(() => undefined, () => undefined);
      return answer;
    },
    close() {
      child?.end();
      child = undefined;
    },
  };
}

function start(script: string) {
  const proc = spawn(process.execPath, [...process.execArgv, script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<string>((resolve) => {
    proc.on('error', (err) => resolve(err.message));
    proc.on('exit', (code, signal) => resolve(`exited (${code ?? signal})${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
  });
  proc.stdin.on('error', () => undefined);
  return {
    async ask(request: CertificateRequest): Promise<KeyPair> {
      proc.stdin.write(`${JSON.stringify(request)}\n`);
      const next = await Promise.race([lines.next(), exited.then(() => ({ done: true as const, value: undefined }))]);
      if (next.done) throw new Error(`the certificate maker (${script}) ${await exited}`);
      const answer = JSON.parse(next.value) as { result?: KeyPair; error?: string };
      if (answer.error !== undefined || !answer.result) throw new Error(`making a certificate failed: ${answer.error ?? 'no answer'}`);
      return answer.result;
    },
    end() {
      proc.stdin.end();
    },
  };
}
