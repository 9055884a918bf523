import { describe, expect, it } from 'vitest';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  envVarNameErrors,
  httpHeaderNameErrors,
  labelValueErrors,
  portNameErrors,
  qualifiedNameErrors,
} from './name-validation.js';

describe('dns1123LabelErrors', () => {
  it.each(['a', 'web', 'my-app-1', '123', 'a'.repeat(63)])('accepts %j', (name) => {
    expect(dns1123LabelErrors(name)).toEqual([]);
  });
  it.each([
    ['Web', 'a lowercase RFC 1123 label must consist of'],
    ['my_app', 'a lowercase RFC 1123 label must consist of'],
    ['-a', 'must start and end with an alphanumeric'],
    ['a.b', 'must not contain dots'],
    ['a'.repeat(64), 'must be no more than 63 characters'],
    ['', 'a lowercase RFC 1123 label'],
    ['../etc', 'a lowercase RFC 1123 label'],
    ['café', 'a lowercase RFC 1123 label'],
    ['a\u0000b', 'a lowercase RFC 1123 label'],
  ])('rejects %j: %s', (name, message) => {
    expect(dns1123LabelErrors(name).join('; ')).toContain(message);
  });
});

describe('dns1123SubdomainErrors', () => {
  it.each(['web', 'web.example.com', 'a-1.b-2'])('accepts %j', (name) => {
    expect(dns1123SubdomainErrors(name)).toEqual([]);
  });
  it.each([
    ['web/x', 'a lowercase RFC 1123 subdomain'],
    ['..', 'a lowercase RFC 1123 subdomain'],
    ['a..b', 'a lowercase RFC 1123 subdomain'],
    ['a'.repeat(254), 'must be no more than 253 characters'],
  ])('rejects %j', (name, message) => {
    expect(dns1123SubdomainErrors(name).join('; ')).toContain(message);
  });
});

describe('portNameErrors (IANA_SVC_NAME)', () => {
  it.each(['http', 'metrics-1', 'h2c'])('accepts %j', (name) => {
    expect(portNameErrors(name)).toEqual([]);
  });
  it.each([
    ['a-very-long-port-name', 'must be no more than 15 characters'],
    ['HTTP', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['8080', 'must contain at least one letter (a-z)'],
    ['a--b', 'must not contain consecutive hyphens'],
    ['-http', 'must not begin or end with a hyphen'],
  ])('rejects %j: %s', (name, message) => {
    expect(portNameErrors(name)).toContain(message);
  });
});

describe('qualifiedNameErrors (label and annotation keys)', () => {
  it.each(['app', 'app.kubernetes.io/name', 'example.com/My_Key', 'A1'])('accepts %j', (key) => {
    expect(qualifiedNameErrors(key)).toEqual([]);
  });
  it.each([
    ['/name', 'prefix part must be non-empty'],
    ['example.com/', 'name part must be non-empty'],
    ['Example.com/x', 'prefix part a lowercase RFC 1123 subdomain'],
    ['a/b/c', 'a qualified name must consist of'],
    ['-a', 'name part must consist of'],
    [`x/${'a'.repeat(64)}`, 'name part must be no more than 63 characters'],
  ])('rejects %j: %s', (key, message) => {
    expect(qualifiedNameErrors(key).join('; ')).toContain(message);
  });
});

describe('labelValueErrors', () => {
  it.each(['', 'v1', 'My_Value.2'])('accepts %j', (value) => {
    expect(labelValueErrors(value)).toEqual([]);
  });
  it.each([
    ['a b', 'a valid label must be an empty string or consist of'],
    ['a'.repeat(64), 'must be no more than 63 characters'],
    ['-x', 'a valid label'],
  ])('rejects %j', (value, message) => {
    expect(labelValueErrors(value).join('; ')).toContain(message);
  });
});

describe('envVarNameErrors and httpHeaderNameErrors', () => {
  it('accepts any printable ASCII but = in an environment variable name', () => {
    expect(envVarNameErrors('MY.VAR-1 x')).toEqual([]);
    expect(envVarNameErrors('A=B')[0]).toContain("other than '='");
    expect(envVarNameErrors('')).toEqual(['required']);
    expect(envVarNameErrors('é')[0]).toContain('printable ASCII');
  });
  it('accepts header names of letters, digits and dashes only', () => {
    expect(httpHeaderNameErrors('X-Custom-1')).toEqual([]);
    expect(httpHeaderNameErrors('X Custom')[0]).toContain('a valid HTTP header');
  });
});
