import { request } from 'node:https';
import { connect } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificateAuthority, signCertificate } from './pki/certificates.js';
import { createHttpsApiServer, type HttpsApiServer } from './https-api-server.js';

const NOW = Date.now();
const ca = makeCertificateAuthority('test-ca', NOW);
const serving = signCertificate(ca, { commonName: 'api', usage: 'server', altNames: ['127.0.0.1'] }, NOW);
const admin = signCertificate(ca, { commonName: 'admin', organizations: ['system:masters'], usage: 'client' }, NOW);

describe('the HTTPS API server (its TLS made at the first connection)', () => {
  let server: HttpsApiServer;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createHttpsApiServer({
      handlers: { request: (req, res) => (seen.push(req.url ?? ''), res.end('ok')), upgrade: (_req, socket) => socket.end() },
      caPem: ca.certPem, certPem: serving.certPem, keyPem: serving.keyPem, log: pino({ level: 'silent' }),
    });
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server.close();
  });

  const get = (client?: { cert: string; key: string }) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api', ca: ca.certPem, ...client }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('serves a client with a certificate of its CA, over a certificate the client verifies', async () => {
    expect(await get({ cert: admin.certPem, key: admin.keyPem })).toEqual({ status: 200, body: 'ok' });
    expect(seen).toEqual(['/api']);
  });

  it('answers 401 to a client without one', async () => {
    const answer = await get();
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
  });

  it('closes with a connection open that never finished its handshake', async () => {
    const idle = connect(port, '127.0.0.1');
    await new Promise((resolve) => idle.once('connect', resolve));
    await server.close();
    await new Promise((resolve) => idle.once('close', resolve));
  });
});
