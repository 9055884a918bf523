import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentDockerEndpoint, parseDockerHost } from './docker-endpoint.js';

describe('parseDockerHost', () => {
  it('takes a unix socket and TCP on the loopback', () => {
    expect(parseDockerHost('unix:///run/user/1000/docker.sock', 'DOCKER_HOST')).toEqual({
      ok: true, value: { kind: 'socket', socketPath: '/run/user/1000/docker.sock', source: 'DOCKER_HOST' },
    });
    expect(parseDockerHost('tcp://127.0.0.1:2375', 'x')).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 2375, source: 'x' } });
    expect(parseDockerHost('tcp://[::1]:2376', 'x')).toMatchObject({ ok: true, value: { host: '::1', port: 2376 } });
  });

  it.each([
    ['tcp://10.0.0.5:2376', 'is on another host'],
    ['ssh://me@build-box', 'is reached over ssh'],
    ['npipe:////./pipe/docker_engine', 'uses npipe://'],
    ['/var/run/docker.sock', 'expected unix:///path or tcp://host:port'],
  ])('refuses %s, saying why', (host, why) => {
    const parsed = parseDockerHost(host, 'DOCKER_HOST');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(why);
  });

  it('explains what a remote engine would break', () => {
    const parsed = parseDockerHost('tcp://engine.example:2375', 'DOCKER_HOST');
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('bind-mounts') });
  });
});

describe('currentDockerEndpoint', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'play-docker-'));
    const meta = path.join(home, '.docker', 'contexts', 'meta', createHash('sha256').update('rootless').digest('hex'));
    await mkdir(meta, { recursive: true });
    await writeFile(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'rootless', Endpoints: { docker: { Host: 'unix:///run/user/1000/docker.sock' } } }));
    await writeFile(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'rootless' }));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('prefers DOCKER_HOST', async () => {
    expect(await currentDockerEndpoint({ env: { DOCKER_HOST: 'unix:///a.sock' }, homedir: home })).toMatchObject({ ok: true, value: { socketPath: '/a.sock' } });
  });

  it("follows the config's current context", async () => {
    expect(await currentDockerEndpoint({ env: {}, homedir: home })).toMatchObject({ ok: true, value: { socketPath: '/run/user/1000/docker.sock' } });
  });

  it('takes DOCKER_CONTEXT over the config, and default as the default socket', async () => {
    expect(await currentDockerEndpoint({ env: { DOCKER_CONTEXT: 'default' }, homedir: home })).toMatchObject({ ok: true, value: { socketPath: '/var/run/docker.sock' } });
  });

  it('names a context that does not exist', async () => {
    const found = await currentDockerEndpoint({ env: { DOCKER_CONTEXT: 'nope' }, homedir: home });
    expect(found).toMatchObject({ ok: false, error: expect.stringContaining('Docker context "nope" (DOCKER_CONTEXT): cannot read') });
  });

  it('uses the default socket without any docker config', async () => {
    expect(await currentDockerEndpoint({ env: {}, homedir: path.join(home, 'nobody') })).toMatchObject({ ok: true, value: { socketPath: '/var/run/docker.sock' } });
  });
});
