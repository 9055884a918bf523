import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createDockerClient, deferredDockerFiles } from './docker-client.js';

const require = createRequire(import.meta.url);

/** The packages whose files Node's CommonJS loader has read in this process. */
function loadedPackages(): Set<string> {
  const names = Object.keys(require.cache).map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(file)?.[1]);
  return new Set(names.filter((name): name is string => name !== undefined));
}

describe('createDockerClient', () => {
  it('loads dockerode without ssh2 and gRPC; the SSH transport loads them when first called', async () => {
    const docker = await createDockerClient({ socketPath: '/nonexistent/docker.sock' });
    expect(typeof docker.listContainers).toBe('function');
    const loaded = loadedPackages();
    expect(loaded).toContain('dockerode');
    for (const heavy of ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'tar-stream', 'chownr']) expect(loaded, heavy).not.toContain(heavy);

    const [sessionFile, sshFile, tarFsFile, dockerIgnoreFile] = deferredDockerFiles();
    // dockerode's build-context packer reads `tar.pack` when it packs: the first read loads tar-fs
    // (the stand-in was in the cache; its dependencies were not).
    expect(typeof (require(tarFsFile!) as { pack: unknown }).pack).toBe('function');
    expect(loadedPackages()).toContain('tar-stream');
    // And the .dockerignore matcher when called: the real factory's filter.
    const dockerIgnore = require(dockerIgnoreFile!) as (options: object) => { createFilter: unknown };
    expect(typeof dockerIgnore({ ignorecase: false }).createFilter).toBe('function');
    expect(typeof require(sessionFile!)).toBe('function');
    // docker-modem's `ssh(options)` gives the http.Agent that dials through SSH (nothing dials here).
    const ssh = require(sshFile!) as (options: object) => unknown;
    expect(ssh({ host: '127.0.0.1', port: 1 })).toBeInstanceOf(Agent);
    expect(loadedPackages()).toContain('ssh2');
    expect(loadedPackages()).not.toContain('@grpc/grpc-js');
  });
});
