import { describe, expect, it } from 'vitest';
import type { ConfigLookup, Secret } from '../api/config-object-types.js';
import { makePod } from '../planner/testing/planner-fixtures.js';
import { pullSecretCredentials } from './pull-secrets.js';

const auth = (user: string) => Buffer.from(`${user}:pw`).toString('base64');
const secret = (name: string, data: Record<string, string>): Secret =>
  ({ kind: 'Secret', metadata: { name, namespace: 'default' }, type: 'kubernetes.io/dockerconfigjson', data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v)])) }) as unknown as Secret;

const secrets = new Map<string, Secret>([
  ['json', secret('json', { '.dockerconfigjson': JSON.stringify({ auths: { 'registry.example:5000': { auth: auth('json') } } }) })],
  ['legacy', secret('legacy', { '.dockercfg': JSON.stringify({ 'https://index.docker.io/v1/': { auth: auth('legacy') } }) })],
  ['junk', secret('junk', { other: 'x' })],
]);
const lookup: ConfigLookup = { configMap: () => undefined, secret: (_ns, name) => secrets.get(name) };
const podWith = (...names: string[]) => {
  const pod = makePod();
  pod.spec.imagePullSecrets = names.map((name) => ({ name }));
  return pod;
};

describe('pullSecretCredentials (the pod keyring)', () => {
  it('finds the credentials for the image registry in a dockerconfigjson or a legacy dockercfg secret', () => {
    expect(pullSecretCredentials(podWith('json'), lookup, 'registry.example:5000/app:1').auth).toMatchObject({ username: 'json', serveraddress: 'registry.example:5000' });
    expect(pullSecretCredentials(podWith('legacy'), lookup, 'library/busybox:1').auth).toMatchObject({ username: 'legacy', serveraddress: 'docker.io' });
  });

  it('takes the first secret that names the registry, and reports the ones it cannot read', () => {
    const got = pullSecretCredentials(podWith('missing', 'junk', 'legacy', 'json'), lookup, 'registry.example:5000/app:1');
    expect(got.auth?.username).toBe('json');
    expect(got.unusable).toEqual(['default/missing', 'default/junk']);
  });

  it('gives nothing without imagePullSecrets or for another registry', () => {
    expect(pullSecretCredentials(makePod(), lookup, 'registry.example:5000/app:1')).toEqual({ auth: undefined, unusable: [] });
    expect(pullSecretCredentials(podWith('json'), lookup, 'other.example/app:1').auth).toBeUndefined();
  });
});
