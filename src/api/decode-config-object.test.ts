import { describe, expect, it } from 'vitest';
import { decodeConfigObject } from './decode-config-object.js';

const lines = (doc: Record<string, unknown>) => decodeConfigObject(doc).problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
const cm = (fields: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, ...fields });
const secret = (fields: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, ...fields });

describe('decodeConfigObject (ValidateConfigMap, ValidateSecret)', () => {
  it.each([
    [cm({ metadata: {} }), 'error metadata.name: required: every ConfigMap needs a name'],
    [cm({ metadata: { name: 'Bad_Name' } }), 'error metadata.name: invalid value "Bad_Name": a lowercase RFC 1123 subdomain'],
    [cm({ data: { 'a b': 'x' } }), `error data["a b"]: invalid value "a b": a valid config key must consist of alphanumeric characters`],
    [cm({ data: { '..x': 'x' } }), `error data["..x"]: invalid value "..x": must not start with '..'`],
    [cm({ data: { k: 'x' }, binaryData: { k: 'eA==' } }), 'error binaryData.k: invalid value "k": duplicate of key present in data'],
    [cm({ data: { big: 'x'.repeat(1024 * 1024 + 1) } }), 'error : Too long: may not be more than 1048576 bytes'],
    [cm({ data: { n: 1 } }), 'error data.n: must be a string, got number 1'],
    [cm({ apiVersion: 'apps/v1' }), 'error apiVersion: apiVersion string "apps/v1" is not supported: a ConfigMap is apiVersion v1'],
    [secret({ data: { p: 'not base64!' } }), 'error data.p: illegal base64 data at input byte 3'],
    [secret({ type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x' } }), 'error data["tls.key"]: required for a Secret of type kubernetes.io/tls'],
    [secret({ type: 'kubernetes.io/basic-auth' }), 'error data.username: required for a Secret of type kubernetes.io/basic-auth'],
    [secret({ type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{' } }), 'must be well-formed JSON'],
    [secret({ type: 'kubernetes.io/service-account-token' }), 'error metadata.annotations["kubernetes.io/service-account.name"]: required'],
    [secret({ stringData: { big: 'x'.repeat(1024 * 1024 + 1) } }), 'error data: Too long: may not be more than 1048576 bytes'],
  ])('refuses: %#', (doc, expected) => {
    expect(lines(doc).join('\n')).toContain(expected);
  });

  it('warns about unknown and server-set fields and keeps the object', () => {
    const decoded = decodeConfigObject(cm({ metadata: { name: 'cfg', uid: 'x' }, extra: 1, data: { a: 'b' } }));
    expect(decoded.object).toBeDefined();
    expect(decoded.problems.map((p) => `${p.severity} ${p.path}`)).toEqual(['warning extra', 'warning metadata.uid']);
  });

  it('merges stringData over data, defaults the type to Opaque and the namespace to default', () => {
    const decoded = decodeConfigObject(secret({ data: { a: 'YQ==', b: 'Yg==' }, stringData: { b: 'B' }, immutable: true }));
    expect(decoded.problems).toEqual([]);
    const object = decoded.object;
    expect(object?.kind === 'Secret' && { ns: object.metadata.namespace, type: object.type, a: object.data.a?.toString(), b: object.data.b?.toString(), immutable: object.immutable })
      .toEqual({ ns: 'default', type: 'Opaque', a: 'a', b: 'B', immutable: true });
  });

  it('accepts base64 split over lines, as Go decodes it', () => {
    const decoded = decodeConfigObject(cm({ binaryData: { b: 'aGVs\nbG8=' } }));
    expect(decoded.problems).toEqual([]);
    expect(decoded.object?.kind === 'ConfigMap' && decoded.object.binaryData.b?.toString()).toBe('hello');
  });
});
