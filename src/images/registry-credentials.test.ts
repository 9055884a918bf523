import { describe, expect, it } from 'vitest';
import { credentialsFor, normalizeRegistryKey, parseDockerConfig, registryOfImage } from './registry-credentials.js';

describe('registryOfImage', () => {
  it.each([
    ['busybox', 'docker.io'],
    ['library/busybox:1.36', 'docker.io'],
    ['minikubelet/busybox:1.35', 'docker.io'],
    ['127.0.0.1:5000/team/app:1.0', '127.0.0.1:5000'],
    ['registry.example.com/app@sha256:abc', 'registry.example.com'],
    ['localhost/app', 'localhost'],
    ['index.docker.io/library/nginx', 'docker.io'],
  ])('%s comes from %s', (image, registry) => {
    expect(registryOfImage(image)).toBe(registry);
  });
});

describe('normalizeRegistryKey', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['http://127.0.0.1:5000', '127.0.0.1:5000'],
    ['Registry.Example.com/path', 'registry.example.com'],
  ])('%s → %s', (key, want) => expect(normalizeRegistryKey(key)).toBe(want));
});

describe('parseDockerConfig', () => {
  it('reads base64 auth and username/password entries', () => {
    const text = JSON.stringify({
      auths: {
        '127.0.0.1:5000': { auth: Buffer.from('alice:s3cr:et').toString('base64') },
        'https://index.docker.io/v1/': { username: 'bob', password: 'pw' },
      },
    });
    const parsed = parseDockerConfig(text, 'creds.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(credentialsFor(parsed.auths, '127.0.0.1:5000/app:1')).toEqual({ username: 'alice', password: 's3cr:et', serveraddress: '127.0.0.1:5000' });
    expect(credentialsFor(parsed.auths, 'nginx:1.25')?.username).toBe('bob');
    expect(credentialsFor(parsed.auths, 'quay.io/x/y:1')).toBeUndefined();
  });

  it.each([
    ['not json', 'creds.json: not valid JSON'],
    ['{}', 'creds.json: no "auths" object'],
    ['{"auths":{"r":{"auth":"bm9jb2xvbg=="}}}', 'not base64 of "user:password"'],
    ['{"auths":{"r":{}}}', 'has neither "auth" nor "username" and "password"'],
  ])('refuses %s with a message naming the file', (text, message) => {
    const parsed = parseDockerConfig(text, 'creds.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});
