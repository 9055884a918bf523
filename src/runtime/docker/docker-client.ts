/**
 * The dockerode client, loaded without what an agent on a local socket never uses: dockerode
 * requires at import its BuildKit session (`lib/session.js`: @grpc/grpc-js, @grpc/proto-loader,
 * protobufjs) and its build-context packer (tar-fs and @balena/dockerignore, for `buildImage`),
 * docker-modem its SSH transport (`lib/ssh.js`: ssh2, cpu-features), about 20 MiB of RSS for
 * `docker build` sessions and `ssh://` hosts. These files are deferred
 * (`shared/deferred-commonjs.ts`) before dockerode is imported: loaded if ever called.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import type { DockerOptions } from 'dockerode';
import { deferCommonJsFile } from '../../shared/deferred-commonjs.js';

const require = createRequire(import.meta.url);

/** dockerode's `lib/session.js`, tar-fs and @balena/dockerignore, and docker-modem's `lib/ssh.js`, where this dockerode has them. */
export function deferredDockerFiles(): string[] {
  const dockerodeMain = require.resolve('dockerode');
  const fromDockerode = createRequire(dockerodeMain);
  const modemMain = fromDockerode.resolve('docker-modem');
  // A dockerode that no longer depends on one of them: nothing to defer there.
  const resolved = (name: string) => {
    try {
      return [fromDockerode.resolve(name)];
    } catch {
      return [];
    }
  };
  return [join(dirname(dockerodeMain), 'session.js'), join(dirname(modemMain), 'ssh.js'), ...resolved('tar-fs'), ...resolved('@balena/dockerignore')];
}

let loaded: Promise<typeof Docker> | undefined;

function loadDockerode(): Promise<typeof Docker> {
  loaded ??= (async () => {
    for (const file of deferredDockerFiles()) deferCommonJsFile(file);
    return (await import('dockerode')).default;
  })();
  return loaded;
}

/** A dockerode client (`new Docker(options)`: DOCKER_HOST or the local socket, as dockerode decides). */
export async function createDockerClient(options?: DockerOptions): Promise<Docker> {
  const DockerClass = await loadDockerode();
  return new DockerClass(options);
}
