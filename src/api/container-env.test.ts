import { describe, expect, it } from 'vitest';
import type { ConfigMap, Secret } from './config-object-types.js';
import { makeContainerEnv } from './container-env.js';
import type { Container, Pod } from './pod-types.js';
import { defaultedContainer, defaultedPodSpec } from './testing/pod-fixtures.js';

const meta = (name: string) => ({ name, namespace: 'default', labels: {}, annotations: {} });
const configMaps: Record<string, ConfigMap> = {
  app: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('app'), data: { mode: 'fast', HOST: 'cfg-host' }, binaryData: { blob: Buffer.from([1]) } },
};
const secrets: Record<string, Secret> = {
  creds: { apiVersion: 'v1', kind: 'Secret', metadata: meta('creds'), type: 'Opaque', data: { password: Buffer.from('s3cret') } },
};
const config = { configMap: (_ns: string, name: string) => configMaps[name], secret: (_ns: string, name: string) => secrets[name] };

function envOf(overrides: Partial<Container>, serviceEnv?: Map<string, string>) {
  const container = defaultedContainer('app', overrides);
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta('web'), uid: 'u' }, spec: defaultedPodSpec({ containers: [container], nodeName: 'n1' }) };
  return makeContainerEnv({
    pod, container, config, ips: { podIPs: ['10.0.0.9'], hostIPs: ['192.168.0.1'] }, node: { cpuMillis: 2000, memoryBytes: 1, ephemeralStorageBytes: 1 },
    ...(serviceEnv ? { serviceEnv } : {}),
  });
}

describe('makeContainerEnv (kubelet makeEnvironmentVariables)', () => {
  it('adds the Service variables last, under the container\'s own of the same name, and expands $(VAR) with them', () => {
    const services = new Map([['WEB_SERVICE_HOST', '10.96.0.20'], ['WEB_SERVICE_PORT', '80']]);
    const result = envOf({ env: [{ name: 'WEB_SERVICE_PORT', value: '8080' }, { name: 'URL', value: 'http://$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)/' }] }, services);
    expect(result.ok && [...result.env]).toEqual([
      ['WEB_SERVICE_PORT', '8080'], ['URL', 'http://10.96.0.20:8080/'], ['WEB_SERVICE_HOST', '10.96.0.20'],
    ]);
  });

  it('puts envFrom first, then env in order; env overrides; $(VAR) sees what is defined before it', () => {
    const result = envOf({
      envFrom: [{ configMapRef: { name: 'app' } }, { prefix: 'S_', secretRef: { name: 'creds' } }],
      env: [
        { name: 'URL', value: 'http://$(HOST)/$(mode)?$(LATER)' },
        { name: 'HOST', value: 'env-host' },
        { name: 'IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
        { name: 'RAW', valueFrom: { configMapKeyRef: { name: 'app', key: 'mode' } } },
        { name: 'LATER', value: '$(IP)' },
        { name: 'EMPTY' },
      ],
    });
    expect(result.ok && [...result.env]).toEqual([
      ['mode', 'fast'], ['HOST', 'env-host'], ['S_password', 's3cret'],
      ['URL', 'http://cfg-host/fast?$(LATER)'], ['IP', '10.0.0.9'], ['RAW', 'fast'], ['LATER', '10.0.0.9'], ['EMPTY', ''],
    ]);
  });

  it('never expands a resolved value, and leaves binaryData out of envFrom', () => {
    const result = envOf({ envFrom: [{ configMapRef: { name: 'app' } }], env: [{ name: 'X', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }] });
    expect(result.ok && result.env.has('blob')).toBe(false);
    expect(result.ok && result.env.get('X')).toBe('web');
  });

  it.each([
    [{ envFrom: [{ configMapRef: { name: 'nope' } }] }, 'configmap "nope" not found'],
    [{ envFrom: [{ secretRef: { name: 'nope' } }] }, 'secret "nope" not found'],
    [{ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }, 'configmap "nope" not found'],
    [{ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'app', key: 'k' } } }] }, "couldn't find key k in ConfigMap default/app"],
    [{ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] }, "couldn't find key k in Secret default/creds"],
  ])('fails with the kubelet message: %#', (overrides, error) => {
    expect(envOf(overrides as Partial<Container>)).toEqual({ ok: false, error });
  });

  it('skips what is optional and missing', () => {
    const result = envOf({
      envFrom: [{ configMapRef: { name: 'nope', optional: true } }],
      env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'k', optional: true } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'x', key: 'k', optional: true } } }],
    });
    expect(result).toEqual({ ok: true, env: new Map() });
  });
});
