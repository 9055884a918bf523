/**
 * Field selectors as the API server takes them (apimachinery `pkg/fields/selector.go`):
 * `field=value`, `field==value`, `field!=value`, comma-joined and all required, over the fields
 * each resource supports (its `fields` function; an unknown field is refused as the API server
 * does: `field label not supported`). Backslash escapes `\,` `\=` `\\` as in fields.EscapeValue. Pure.
 */
import type { Parsed } from './label-selector.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type FieldSelector = FieldRequirement[];

/** Splits at unescaped commas, keeping the escapes for the value decoding below. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[++i]!;
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(text: string | null, supported: readonly string[]): Parsed<FieldSelector> {
  if (text === null || text.trim() === '') return { ok: true, value: [] };
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text)) {
    const m = /^([^=!\s]+)\s*(==|=|!=)(.*)$/s.exec(term.trim());
    if (!m) return { ok: false, error: `invalid selector: '${text}'; can't understand '${term}': expected field=value or field!=value` };
    const field = m[1]!;
    if (!supported.includes(field)) {
      return { ok: false, error: `field label not supported: ${field} (supported here: ${supported.join(', ')})` };
    }
    requirements.push({ field, op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!) });
  }
  return { ok: true, value: requirements };
}

export function matchesFields(selector: FieldSelector, fields: Record<string, string>): boolean {
  return selector.every((r) => ((fields[r.field] ?? '') === r.value) === (r.op === '='));
}
