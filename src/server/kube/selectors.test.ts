import { describe, expect, it } from 'vitest';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';

const web = { app: 'web', tier: 'front', replicas: '3' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db, cache)', false],
    ['app notin (db)', true],
    ['app notin (web,db)', false],
    ['missing notin (a)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['app in (web,db),!missing', true],
    ['replicas>2', true],
    ['replicas<2', false],
    ['example.com/role=x', false],
  ])('%s matches app=web,tier=front: %s', (text, expected) => {
    const parsed = parseLabelSelector(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(matchesLabels(parsed.value, web)).toBe(expected);
  });

  it.each(['app=', 'app in web', '=web', 'app=a b', 'app in (a,b'])('refuses %j with the selector named', (text) => {
    const parsed = parseLabelSelector(text);
    if (text === 'app=') {
      // An empty value is valid: the label must be present and empty.
      expect(parsed.ok).toBe(true);
      return;
    }
    expect(parsed).toMatchObject({ ok: false });
    if (!parsed.ok) expect(parsed.error).toContain(JSON.stringify(text));
  });

  it('treats an empty value as a label that is set and empty', () => {
    const parsed = parseLabelSelector('flag=');
    expect(parsed.ok && matchesLabels(parsed.value, { flag: '' })).toBe(true);
    expect(parsed.ok && matchesLabels(parsed.value, {})).toBe(false);
  });
});

describe('field selectors', () => {
  const supported = ['metadata.name', 'status.phase', 'spec.nodeName'];
  const fields = { 'metadata.name': 'web', 'status.phase': 'Running', 'spec.nodeName': 'node-a' };

  it.each([
    ['metadata.name=web', true],
    ['metadata.name==web', true],
    ['metadata.name=db', false],
    ['status.phase!=Succeeded,status.phase!=Failed', true],
    ['spec.nodeName=node-a,status.phase!=Running', false],
    ['status.phase=Running,spec.nodeName=node-a', true],
  ])('%s: %s', (text, expected) => {
    const parsed = parseFieldSelector(text, supported);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(matchesFields(parsed.value, fields)).toBe(expected);
  });

  it('refuses a field the resource does not support, as the API server words it', () => {
    expect(parseFieldSelector('spec.foo=x', supported)).toEqual({ ok: false, error: expect.stringContaining('field label not supported: spec.foo') as unknown });
  });

  it('refuses a term without an operator', () => {
    expect(parseFieldSelector('metadata.name', supported).ok).toBe(false);
  });

  it('decodes escaped commas in values', () => {
    const parsed = parseFieldSelector(String.raw`metadata.name=a\,b`, supported);
    expect(parsed.ok && matchesFields(parsed.value, { 'metadata.name': 'a,b' })).toBe(true);
  });
});
