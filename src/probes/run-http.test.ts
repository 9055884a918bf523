import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HTTPGetAction } from '../api/pod-types.js';
import { httpOutcome } from './make-probe-run.js';
import { httpGet, httpGetHeaders, httpGetUrl } from './run-http.js';
import { probeTcp } from './run-tcp.js';

function action(overrides: Partial<HTTPGetAction> = {}): HTTPGetAction {
  return { path: '/', port: 8080, scheme: 'HTTP', httpHeaders: [], ...overrides };
}

describe('httpGetUrl', () => {
  const cases: { it: string; action: HTTPGetAction; host: string; want: string }[] = [
    { it: 'targets the host and port with the path', action: action({ path: '/healthz' }), host: '10.1.2.3', want: 'http://10.1.2.3:8080/healthz' },
    { it: 'adds the leading slash to a bare path', action: action({ path: 'healthz' }), host: '10.1.2.3', want: 'http://10.1.2.3:8080/healthz' },
    { it: 'keeps a query', action: action({ path: '/ready?full=1' }), host: '10.1.2.3', want: 'http://10.1.2.3:8080/ready?full=1' },
    { it: 'lowercases the scheme', action: action({ scheme: 'HTTPS' }), host: '10.1.2.3', want: 'https://10.1.2.3:8080/' },
    { it: 'brackets an IPv6 literal', action: action(), host: 'fd00::1', want: 'http://[fd00::1]:8080/' },
  ];
  for (const c of cases) it(c.it, () => expect(httpGetUrl(c.action, c.host, 8080).href).toBe(c.want));
});

describe('httpGetHeaders', () => {
  it('sets the kubelet User-Agent and Accept unless given', () => {
    expect(httpGetHeaders(action(), 'probe')).toEqual({ 'user-agent': 'kube-probe/1.31', accept: '*/*' });
    expect(httpGetHeaders(action(), 'lifecycle')['user-agent']).toBe('kube-lifecycle/1.31');
  });
  it('keeps given headers, removes an empty Accept, repeats a header given twice', () => {
    const headers = httpGetHeaders(
      action({ httpHeaders: [{ name: 'User-Agent', value: 'mine' }, { name: 'Accept', value: '' }, { name: 'X-A', value: '1' }, { name: 'X-A', value: '2' }, { name: 'Host', value: 'example.com' }] }),
      'probe',
    );
    expect(headers).toEqual({ 'user-agent': 'mine', 'x-a': ['1', '2'], host: 'example.com' });
  });
});

describe('httpGet against a local server', () => {
  let server: http.Server;
  let port: number;
  const seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/ok':
          return res.end('fine');
        case '/missing':
          res.statusCode = 404;
          return res.end('secret body');
        case '/hop': {
          const n = Number(url.searchParams.get('n') ?? 0);
          res.statusCode = 302;
          res.setHeader('location', n > 0 ? `/hop?n=${n - 1}` : '/ok');
          return res.end();
        }
        case '/away':
          res.statusCode = 301;
          res.setHeader('location', `http://localhost:${port}/ok`);
          return res.end('moved');
        case '/big':
          return res.end('x'.repeat(50_000));
        case '/hang':
          return; // never answers
        default:
          res.statusCode = 500;
          return res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string, timeoutMs = 10_000) => httpGet(httpGetUrl(action({ path }), '127.0.0.1', port), httpGetHeaders(action(), 'probe'), timeoutMs).then(httpOutcome);

  it('succeeds on 200 with the body as output, sending the kubelet headers and no keep-alive', async () => {
    expect(await get('/ok')).toEqual({ result: 'success', output: 'fine' });
    const headers = seen.at(-1)!;
    expect(headers['user-agent']).toBe('kube-probe/1.31');
    expect(headers.accept).toBe('*/*');
    expect(headers.connection).toBe('close');
  });

  it('fails on 404 without the body', async () => {
    expect(await get('/missing')).toEqual({ result: 'failure', output: 'HTTP probe failed with statuscode: 404' });
  });

  it('follows redirects to the same host', async () => {
    expect(await get('/hop?n=3')).toEqual({ result: 'success', output: 'fine' });
  });

  it('refuses the 10th redirect (10 requests made), as Go`s client', async () => {
    const outcome = await get('/hop?n=20');
    expect(outcome.result).toBe('failure');
    expect(outcome.output).toMatch(/^Get "http:\/\/127\.0\.0\.1:\d+\/hop\?n=10": stopped after 10 redirects$/);
  });

  it('does not follow a redirect to another host: success with a warning', async () => {
    expect(await get('/away')).toEqual({ result: 'warning', output: 'Probe terminated redirects, Response body: moved' });
  });

  it('reads at most 10 KiB of the body', async () => {
    expect((await get('/big')).output.length).toBe(10 * 1024);
  });

  it('fails a request that hangs after the timeout', async () => {
    const started = Date.now();
    const outcome = await get('/hang', 300);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(outcome).toEqual({
      result: 'failure',
      output: `Get "http://127.0.0.1:${port}/hang": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
  });

  it('fails a refused connection with Go`s wording', async () => {
    const closed = await freePort();
    const outcome = await httpGet(httpGetUrl(action({ path: '/x' }), '127.0.0.1', closed), {}, 10_000).then(httpOutcome);
    expect(outcome).toEqual({ result: 'failure', output: `Get "http://127.0.0.1:${closed}/x": dial tcp 127.0.0.1:${closed}: connect: connection refused` });
  });
});

describe('probeTcp', () => {
  it('succeeds when the port accepts a connection', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    expect(await probeTcp('127.0.0.1', port, 10_000)).toEqual({ result: 'success', output: '' });
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails on a closed port with Go`s wording', async () => {
    const port = await freePort();
    expect(await probeTcp('127.0.0.1', port, 10_000)).toEqual({ result: 'failure', output: `dial tcp 127.0.0.1:${port}: connect: connection refused` });
  });
});

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
