import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './agent-harness.js';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LocalRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  /** A Docker config dir logged in to this registry (for `docker --config DIR push`). */
  dockerConfigDir: string;
  /** Tags a local image into this registry, pushes it, and removes the local tag. */
  push(localImage: string, repoAndTag: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Debian's `docker-registry` on 127.0.0.1 (no TLS: Docker trusts loopback registries), with
 * storage in a temp dir and, with `auth`, an htpasswd file (bcrypt, from apache2-utils).
 */
export async function startRegistry(auth?: { user: string; password: string }): Promise<LocalRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'minikubelet-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let authBlock = '';
  if (auth) {
    const { stdout } = await run('htpasswd', ['-Bbn', auth.user, auth.password]);
    await writeFile(join(dir, 'htpasswd'), stdout);
    authBlock = `auth:\n  htpasswd:\n    realm: minikubelet-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: ${host}\n${authBlock}`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  await waitFor(async () => {
    const res = await fetch(`http://${host}/v2/`);
    return res.status === 200 || res.status === 401;
  }, { timeoutMs: 20_000, intervalMs: 100, what: `the registry on ${host}` });
  // The config `docker login` would write, written directly (no TTY, no credential helper).
  const dockerConfigDir = join(dir, 'docker-config');
  await mkdir(dockerConfigDir, { recursive: true });
  const auths = auth ? { [host]: { auth: Buffer.from(`${auth.user}:${auth.password}`).toString('base64') } } : {};
  await writeFile(join(dockerConfigDir, 'config.json'), JSON.stringify({ auths }));
  return {
    host,
    dockerConfigDir,
    async push(localImage, repoAndTag) {
      const ref = `${host}/${repoAndTag}`;
      await run('docker', ['tag', localImage, ref]);
      await run('docker', ['--config', dockerConfigDir, 'push', ref], { timeout: 120_000 });
      await run('docker', ['rmi', ref]);
      return ref;
    },
    async stop() {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
