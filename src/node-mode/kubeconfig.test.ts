import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from './kubeconfig.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mkl-kubeconfig-'));
  await writeFile(join(dir, 'ca.crt'), 'CA PEM');
  await writeFile(join(dir, 'node.crt'), 'CERT PEM');
  await writeFile(join(dir, 'node.key'), 'KEY PEM');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const b64 = (s: string) => Buffer.from(s).toString('base64');
function config(user: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'node',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443/', 'certificate-authority-data': b64('CA PEM') } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'node', context: { cluster: 'c', user: 'u' } }],
    ...extra,
  });
}

async function load(text: string) {
  const file = join(dir, `k-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  return { file, result: await loadKubeconfig(file).then((v) => ({ ok: v }), (e: Error) => ({ error: e.message })) };
}

describe('loadKubeconfig', () => {
  it('reads the current context: server without its slash, inline CA, client certificate and key by paths relative to the file', async () => {
    const { result } = await load(config({ 'client-certificate': 'node.crt', 'client-key': 'node.key' }));
    expect(result).toEqual({ ok: { server: 'https://127.0.0.1:6443', insecure: false, ca: Buffer.from('CA PEM'), cert: Buffer.from('CERT PEM'), key: Buffer.from('KEY PEM') } });
  });

  it('takes a token instead of a certificate', async () => {
    const { result } = await load(config({ token: 'abc' }));
    expect(result).toMatchObject({ ok: { token: 'abc' } });
  });

  it.each([
    ['no current-context', config({ token: 't' }, { 'current-context': '' }), 'has no current-context; set one (kubectl config use-context NAME --kubeconfig FILE)'],
    ['a certificate without its key', config({ 'client-certificate-data': b64('x') }), 'user "u" has a client certificate without its key, or a key without its certificate'],
    ['an anonymous user', config({}), 'user "u" has neither a client certificate nor a token: the API server would see an anonymous node'],
    ['a file the kubeconfig names that is not there', config({ 'client-certificate': 'gone.crt', 'client-key': 'node.key' }), 'users[u].client-certificate:'],
    ['not YAML', '{{', 'is not YAML'],
  ])('refuses %s, naming the file and what to fix', async (_name, text, message) => {
    const { file, result } = await load(text);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toContain(`kubeconfig ${file}: `);
    expect((result as { error: string }).error).toContain(message);
  });
});
