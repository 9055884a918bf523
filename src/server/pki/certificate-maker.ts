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
/**
 * A child stuck this long is killed. Generous: RSA key generation under software emulation (the
 * qemu guest, two guests sharing 2 cores) can take long, and the in-process maker had no limit.
 */
const DEADLINE_MS = 600_000;
/** The agent's V8 memory flags (bin/minikubelet) are the child's too; nothing else (no --inspect-brk, --watch, --eval). */
const CHILD_FLAGS = /^--(max-semi-space-size|max-old-space-size|lite-mode|jitless|no-expose-wasm)\b/;
const NAMES: Record<CertificateRequest['fn'], string> = {
  makeCertificateAuthority: 'the CA certificate', signCertificate: 'a certificate signed by the CA', makeSelfSignedServing: 'a self-signed serving certificate',
};

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
        if (!child || child.dead()) child = start(script);
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
  const proc = spawn(process.execPath, [...process.execArgv.filter((a) => CHILD_FLAGS.test(a)), script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let dead = false;
  proc.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  // 'close': after the exit and the end of its output, so the error carries what it wrote to stderr.
  const exited = new Promise<string>((resolve) => {
    proc.on('error', (err) => resolve(`could not be run: ${err.message}`));
    proc.on('close', (code, signal) => resolve(`exited (${code ?? signal})${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
  }).finally(() => (dead = true));
  proc.stdin.on('error', () => undefined);
  return {
    dead: () => dead,
    async ask(request: CertificateRequest): Promise<KeyPair> {
      const what = `making ${NAMES[request.fn]} in a child process (${script})`;
      proc.stdin.write(`${JSON.stringify(request)}\n`);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), DEADLINE_MS)));
      const next = await Promise.race([lines.next(), exited.then(() => 'exited' as const), deadline]).finally(() => clearTimeout(timer));
      if (next === 'deadline') {
        proc.kill('SIGKILL');
        throw new Error(`${what}: no answer in ${DEADLINE_MS / 1000} s; killed it`);
      }
      if (next === 'exited' || next.done) throw new Error(`${what}: it ${await exited}`);
      let answer: { result?: KeyPair; error?: string };
      try {
        answer = JSON.parse(next.value) as typeof answer;
      } catch {
        throw new Error(`${what}: it answered something that is not JSON: ${next.value.slice(0, 200)}`);
      }
      if (answer.error !== undefined || !answer.result) throw new Error(`${what} failed: ${answer.error ?? 'no certificate in its answer'}`);
      return answer.result;
    },
    end() {
      proc.stdin.end();
    },
  };
}
