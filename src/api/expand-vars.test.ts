import { describe, expect, it } from 'vitest';
import { expandEnv, expandVars } from './expand-vars.js';

const vars: Record<string, string> = { A: 'alpha', B: 'beta' };
const lookup = (n: string) => vars[n];

describe('expandVars', () => {
  it.each([
    ['plain text', 'plain text'],
    ['$(A)', 'alpha'],
    ['x-$(A)-$(B)-y', 'x-alpha-beta-y'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['cost: $5', 'cost: $5'],
    ['$(A', '$(A'],
    ['$()', '$()'],
    ['trailing $', 'trailing $'],
  ])('expands %j to %j', (input, want) => {
    expect(expandVars(input, lookup)).toBe(want);
  });
});

describe('expandEnv', () => {
  it('lets a value refer to variables defined before it, not after', () => {
    const env = expandEnv([
      { name: 'HOST', value: 'db' },
      { name: 'URL', value: 'postgres://$(HOST):$(PORT)' },
      { name: 'PORT', value: '5432' },
    ]);
    expect(env.get('URL')).toBe('postgres://db:$(PORT)');
  });
});
