import { describe, expect, it } from 'vitest';
import type { ContainerPort } from '../api/pod-types.js';
import { resolvePort } from './resolve-port.js';

const ports: ContainerPort[] = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, protocol: 'TCP' }];

describe('resolvePort', () => {
  const cases: { port: number | string; want: number | { error: string } }[] = [
    { port: 80, want: 80 },
    { port: 'http', want: 8080 },
    { port: '8081', want: 8081 },
    { port: 'metrics', want: { error: 'port "metrics" not found in the container\'s ports' } },
    { port: 0, want: { error: 'invalid port number: 0' } },
    { port: 70000, want: { error: 'invalid port number: 70000' } },
  ];
  for (const c of cases) {
    it(`resolves ${JSON.stringify(c.port)}`, () => {
      expect(resolvePort(c.port, ports)).toEqual(c.want);
    });
  }
});
