import { Composer, Parser, type CST, type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from 'yaml';

/**
 * `parseAllDocuments` with one difference, kubectl's: go-yaml (like libyaml) accepts `\'` in a
 * double-quoted scalar and reads it as `'` (go-yaml `scannerc.go`), which YAML 1.2 and the yaml
 * package refuse ("Invalid escape sequence"). The parser's tokens are rewritten before they are
 * composed, so only real `\'` escapes change: `\\'` stays a backslash and a quote.
 */
export function parseAllDocumentsLikeGoYaml(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions & { lineCounter: LineCounter },
): Document.Parsed[] {
  const parser = new Parser(options.lineCounter.addNewLine);
  const composer = new Composer(options);
  const tokens = Array.from(parser.parse(text), (token) => {
    rewriteEscapes(token);
    return token;
  });
  return Array.from(composer.compose(tokens, true, text.length));
}

/** go-yaml's reading of `\'`, applied to the raw source of a double-quoted scalar. */
export function goYamlQuoteEscapes(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\' && i + 1 < source.length) {
      const next = source[i + 1];
      out += next === "'" ? "'" : `\\${next}`;
      i++;
    } else out += ch;
  }
  return out;
}

function rewriteEscapes(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteEscapes(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const token = node as Partial<CST.FlowScalar> & Record<string, unknown>;
  if (token.type === 'double-quoted-scalar' && typeof token.source === 'string') {
    token.source = goYamlQuoteEscapes(token.source);
    return;
  }
  for (const key of ['value', 'key', 'sep', 'items', 'start', 'end'] as const) rewriteEscapes(token[key]);
}
