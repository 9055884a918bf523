/**
 * The kubelet server's authentication and authorization as wired (the decisions are tabled in
 * kubelet-auth.test.ts): a real TLS listener on loopback, the agent in memory, the API server's
 * reviews injected as node mode will supply them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRuntime } from '../../../test/helpers/fake-runtime.js';
import { InMemoryAgentApi, makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';
import { identity, kubeletGet } from '../../../test/helpers/kubelet-client.js';
import { makeCertificateAuthority, signCertificate } from '../pki/certificates.js';
import type { KubeletAuthWebhooks, KubeletUser, RequestAttributes } from './kubelet-auth.js';
import { startKubeletServer, type KubeletServer, type KubeletServerOptions } from './kubelet-server.js';
import type { StatsSummary } from './stats-summary.js';

const log = pino({ level: 'silent' });
const now = Date.now();
const ca = makeCertificateAuthority('client-ca', now);
const metricsServer = signCertificate(ca, { commonName: 'system:serviceaccount:kube-system:metrics-server', usage: 'client' }, now);

/** The API server's answers: tokens `reader` (metrics-server) and `admin`; readers may see stats and metrics only. */
const asked: { user: string; attrs: RequestAttributes }[] = [];
const webhooks: KubeletAuthWebhooks = {
  authenticateToken: async (token): Promise<KubeletUser | undefined> => ({ reader: { name: 'reader', groups: [] }, admin: { name: 'admin', groups: ['system:masters'] } })[token],
  authorize: async (user, attrs) => {
    asked.push({ user: user.name, attrs });
    if (user.name === 'admin') return { allowed: true };
    return { allowed: attrs.subresource === 'stats' || attrs.subresource === 'metrics' };
  },
};

let dir: string;
let server: KubeletServer;
let options: KubeletServerOptions;
const api = new InMemoryAgentApi();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minikubelet-kubelet-server-'));
  await writeFile(join(dir, 'ca.crt'), ca.certPem);
  api.pods = [makeApiPod('web')];
  options = { port: 0, address: '127.0.0.1', nodeName: 'node-1', rootDir: dir, hostIP: '127.0.0.1', clientCaFile: join(dir, 'ca.crt'), authenticationTokenWebhook: true, authorizationMode: 'Webhook' };
  const summary: StatsSummary = { node: {} as StatsSummary['node'], pods: [] };
  server = await startKubeletServer({
    options, api, runtime: new FakeRuntime(), log, auth: webhooks,
    readers: { syncLoopProblem: async () => undefined, metrics: async () => ({ contentType: 'text/plain', text: '' }), summary: async () => summary },
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('the kubelet server with Webhook authorization', () => {
  it('authenticates a bearer token through the API server, and lets it read what the API server allows', async () => {
    expect((await kubeletGet(server.port, '/stats/summary', {}, 'GET', bearer('reader'))).status).toBe(200);
    expect(asked.at(-1)).toEqual({ user: 'reader', attrs: { verb: 'get', resource: 'nodes', subresource: 'stats', name: 'node-1', path: '/stats/summary' } });
  });

  it('answers 403 in the kubelet\'s words to what the API server refuses', async () => {
    const answer = await kubeletGet(server.port, '/pods', {}, 'GET', bearer('reader'));
    expect(answer).toMatchObject({ status: 403, body: 'Forbidden (user=reader, verb=get, resource=nodes, subresource=proxy)\n' });
    const cert = await kubeletGet(server.port, '/containerLogs/default/web/main', identity(metricsServer));
    expect(cert).toMatchObject({ status: 403, body: 'Forbidden (user=system:serviceaccount:kube-system:metrics-server, verb=get, resource=nodes, subresource=proxy)\n' });
  });

  it('answers 401 to a token the API server does not know, and serves one it allows everything', async () => {
    expect((await kubeletGet(server.port, '/pods', {}, 'GET', bearer('nobody'))).status).toBe(401);
    const pods = await kubeletGet(server.port, '/pods', {}, 'GET', bearer('admin'));
    expect(pods.status).toBe(200);
    expect(JSON.parse(pods.body).items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['web']);
  });

  it('refuses to start Webhook authorization without the API server, saying why', async () => {
    const start = startKubeletServer({ options, api, runtime: new FakeRuntime(), log, readers: { syncLoopProblem: async () => undefined, metrics: async () => ({ contentType: '', text: '' }), summary: async () => ({}) as StatsSummary } });
    await expect(start).rejects.toThrow(/^cannot serve the kubelet port: --authorization-mode Webhook asks the API server \(SubjectAccessReview\), which only node mode \(--kubeconfig\) reaches/);
  });

  it('refuses to start with a serving key that does not match its certificate, naming the files', async () => {
    const other = signCertificate(ca, { commonName: 'x', usage: 'server', altNames: ['localhost'] }, now);
    const cert = join(dir, 'serving.crt');
    const key = join(dir, 'other.key');
    await writeFile(cert, metricsServer.certPem);
    await writeFile(key, other.keyPem);
    const start = startKubeletServer({
      options: { ...options, authorizationMode: 'AlwaysAllow', authenticationTokenWebhook: false, tlsCertFile: cert, tlsPrivateKeyFile: key },
      api, runtime: new FakeRuntime(), log, readers: { syncLoopProblem: async () => undefined, metrics: async () => ({ contentType: '', text: '' }), summary: async () => ({}) as StatsSummary },
    });
    await expect(start).rejects.toThrow(`cannot serve the kubelet port: the TLS material is not usable`);
    await expect(start).rejects.toThrow(`check that --tls-cert-file ${cert} and --tls-private-key-file ${key} are a PEM certificate and its key`);
  });
});
