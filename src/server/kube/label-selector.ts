/**
 * Label selectors as the API server parses them (apimachinery `pkg/labels/selector.go`):
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, `a>1`, `a<1`, comma-joined
 * and all required. Pure.
 */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type LabelSelector = LabelRequirement[];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const KEY = String.raw`[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;

/** Splits at the commas outside `( … )`. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function parseRequirement(text: string): LabelRequirement | string {
  let m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(text);
  if (m) {
    const values = m[3]!.split(',').map((v) => v.trim());
    if (values.some((v) => !new RegExp(`^${VALUE}$`).test(v))) return `invalid value in "${text}"`;
    return { key: m[1]!, op: m[2] as 'in' | 'notin', values };
  }
  m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`).exec(text);
  if (m) return { key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] };
  m = new RegExp(`^(${KEY})\\s*(>|<)\\s*(-?\\d+)$`).exec(text);
  if (m) return { key: m[1]!, op: m[2] === '>' ? 'gt' : 'lt', value: Number(m[3]) };
  m = new RegExp(`^(!?)\\s*(${KEY})$`).exec(text);
  if (m) return { key: m[2]!, op: m[1] ? '!' : 'exists' };
  return `unable to parse requirement: "${text}": expected key, !key, key=value, key!=value, key in (v1,v2) or key notin (v1,v2)`;
}

export function parseLabelSelector(text: string | null): Parsed<LabelSelector> {
  if (text === null || text.trim() === '') return { ok: true, value: [] };
  const requirements: LabelRequirement[] = [];
  for (const part of splitRequirements(text)) {
    const parsed = parseRequirement(part);
    if (typeof parsed === 'string') return { ok: false, error: `labelSelector ${JSON.stringify(text)}: ${parsed}` };
    requirements.push(parsed);
  }
  return { ok: true, value: requirements };
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const has = (key: string) => labels !== undefined && Object.hasOwn(labels, key);
  return selector.every((r) => {
    const value = labels?.[r.key];
    switch (r.op) {
      case 'in':
        return has(r.key) && r.values.includes(value!);
      case 'notin':
        return !has(r.key) || !r.values.includes(value!);
      case 'exists':
        return has(r.key);
      case '!':
        return !has(r.key);
      case 'gt':
      case 'lt': {
        const n = Number(value);
        if (!has(r.key) || !/^-?\d+$/.test(value!)) return false;
        return r.op === 'gt' ? n > r.value : n < r.value;
      }
    }
  });
}
