import { describe, expect, it } from 'vitest';
import { goYamlQuoteEscapes } from './go-yaml-escapes.js';
import { readYamlDocuments } from './yaml-documents.js';

describe("go-yaml's \\' escape in double-quoted scalars (kubectl accepts it)", () => {
  it.each([
    ["a\\'b", "a'b"],
    ["a\\\\'b", "a\\\\'b"],
    ['a\\nb', 'a\\nb'],
    ["\\'\\'", "''"],
    ['trailing\\', 'trailing\\'],
  ])('%s → %s', (source, expected) => {
    expect(goYamlQuoteEscapes(source)).toBe(expected);
  });

  it("reads \\' as a quote, in block and flow style, and keeps other escapes", () => {
    const text = `a: "it\\'s"\nb: ["x\\'y\\n", 'single \\ stays']\nc: "back\\\\'slash"\n`;
    const { documents, problems } = readYamlDocuments(text);
    expect(problems).toEqual([]);
    expect(documents[0]?.value).toEqual({ a: "it's", b: ["x'y\n", 'single \\ stays'], c: "back\\'slash" });
  });

  it('still refuses the escapes go-yaml refuses', () => {
    expect(readYamlDocuments('a: "\\q"\n').problems[0]?.message).toContain('Invalid escape sequence \\q');
  });
});
