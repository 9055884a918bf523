import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import { defaultedContainer, defaultedPodSpec } from '../api/testing/pod-fixtures.js';
import { parsePortForward, resolvePortForward } from './port-forward-spec.js';

describe('parsePortForward', () => {
  it.each([
    ['8080:web:80', { address: '127.0.0.1', localPort: 8080, pod: 'web', podPort: 80 }],
    ['0.0.0.0:8080:web:80', { address: '0.0.0.0', localPort: 8080, pod: 'web', podPort: 80 }],
    ['localhost:8080:web/httpd:http', { address: 'localhost', localPort: 8080, pod: 'web', container: 'httpd', podPort: 'http' }],
    ['[::1]:8080:web:80', { address: '::1', localPort: 8080, pod: 'web', podPort: 80 }],
  ])('reads %s', (text, expected) => {
    expect(parsePortForward(text)).toEqual({ ok: true, value: { text, ...expected } });
  });

  it.each([
    ['8080', 'expected [ADDR:]LOCAL:POD[/CONTAINER]:PORT'],
    ['8080:web', 'expected'],
    ['70000:web:80', 'local port "70000" is not a number from 1 to 65535'],
    ['0:web:80', 'local port "0"'],
    ['x:8080:web:80', '"x" is not an IP address'],
    ['8080:Web:80', '"Web" is not POD or POD/CONTAINER'],
    ['8080:web/a/b:80', '"web/a/b" is not POD or POD/CONTAINER'],
    ['8080:web:-1', 'pod port "-1" is neither'],
    ['[::1:8080:web:80', 'expected'],
    ['[1.2.3.4]:8080:web:80', 'is not an IPv6 address'],
  ])('refuses %s, naming the value', (text, why) => {
    const parsed = parsePortForward(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain(`-p ${JSON.stringify(text)}`);
      expect(parsed.error).toContain(why);
    }
  });
});

describe('resolvePortForward', () => {
  const web: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: {}, annotations: {} },
    spec: defaultedPodSpec({
      containers: [
        defaultedContainer('httpd', { ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }),
        defaultedContainer('sidecar'),
      ],
    }),
  } as unknown as Pod;
  const resolve = (text: string) => {
    const parsed = parsePortForward(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return resolvePortForward(parsed.value, [web]);
  };

  it('resolves a named port to its number', () => {
    expect(resolve('9000:web:http')).toEqual({
      ok: true,
      value: { text: '9000:web:http', address: '127.0.0.1', localPort: 9000, namespace: 'default', pod: 'web', podPort: 8080 },
    });
  });

  it('takes a numeric port without checking it is declared', () => {
    expect(resolve('9000:web/sidecar:81')).toMatchObject({ ok: true, value: { podPort: 81 } });
  });

  it.each([
    ['9000:db:80', 'no pod named "db" in the files played (pods: web)'],
    ['9000:web/app:80', 'pod "web" has no container "app" (containers: httpd, sidecar)'],
    ['9000:web/sidecar:http', 'no container port named "http" in container "sidecar"'],
  ])('refuses %s', (text, why) => {
    expect(resolve(text)).toEqual({ ok: false, error: `-p ${JSON.stringify(text)}: ${why}` });
  });
});
