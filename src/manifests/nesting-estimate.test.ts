import { describe, expect, it } from 'vitest';
import { estimateNesting } from './nesting-estimate.js';

describe('estimateNesting', () => {
  it('bounds a normal manifest well under the limit', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    livenessProbe:\n      httpGet:\n        httpHeaders: [{name: X, value: "[[["}]\n';
    expect(estimateNesting(pod).depth).toBeLessThan(20);
  });

  it('counts flow brackets, compact sequences and indentation', () => {
    expect(estimateNesting('[[[[]]]]').depth).toBe(4);
    expect(estimateNesting('- - - x').depth).toBe(3);
    expect(estimateNesting('a:\n    b:\n        c: 1').depth).toBe(8);
    expect(estimateNesting('a: [\n[\n[\n').depth).toBe(3);
  });

  it('ignores brackets in quotes and comments, and block scalar bodies', () => {
    expect(estimateNesting('a: "[[[[[[" # {{{{{{\nb: \'[[[[\'').depth).toBe(0);
    const script = `args:\n- |\n${Array.from({ length: 50 }, (_, i) => `${' '.repeat(10 + i * 4)}if x; then [[ {`).join('\n')}\nnext: 1`;
    expect(estimateNesting(script).depth).toBeLessThan(5);
  });

  it('reports the line of the deepest point', () => {
    expect(estimateNesting('a: 1\nb: [[[[[1]]]]]\nc: 2')).toEqual({ depth: 5, line: 2 });
  });
});
