import { describe, expect, it } from 'vitest';
import type { Probe } from '../../api/pod-types.js';
import { describeProbe } from './describe-probe.js';

const base = { initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
const attrs = 'delay=5s timeout=1s period=10s #success=1 #failure=3';
const http = (path: string, port: number | string, host?: string): Probe => ({
  ...base,
  httpGet: { path, port, scheme: 'HTTP', httpHeaders: [], ...(host ? { host } : {}) },
});

describe('describeProbe', () => {
  it.each<[string, Probe, string]>([
    ['http-get on the pod IP', http('/healthz', 8080), `http-get http://:8080/healthz ${attrs}`],
    ['http-get with a named port and host', http('/', 'web', 'example.com'), `http-get http://example.com:web/ ${attrs}`],
    ['http-get on IPv6', http('/ready', 80, '::1'), `http-get http://[::1]:80/ready ${attrs}`],
    ['http-get with an escaped path', http('/a b?x', 80), `http-get http://:80/a%20b%3Fx ${attrs}`],
    ['http-get without a leading slash', http('healthz', 80), `http-get http://:80/healthz ${attrs}`],
    ['https', { ...base, httpGet: { path: '/', port: 443, scheme: 'HTTPS', httpHeaders: [] } }, `http-get https://:443/ ${attrs}`],
    ['exec', { ...base, exec: { command: ['sh', '-c', 'test -f /tmp/ok'] } }, `exec [sh -c test -f /tmp/ok] ${attrs}`],
    ['tcp-socket', { ...base, tcpSocket: { port: 5432 } }, `tcp-socket :5432 ${attrs}`],
    ['grpc with a service', { ...base, grpc: { port: 9090, service: 'liveness' } }, `grpc <pod>:9090 liveness ${attrs}`],
    ['grpc without a service (two spaces, as kubectl)', { ...base, grpc: { port: 2379, service: '' } }, `grpc <pod>:2379  ${attrs}`],
    ['nothing', { ...base }, `unknown ${attrs}`],
  ])('%s', (_name, probe, expected) => {
    expect(describeProbe(probe)).toBe(expected);
  });
});
