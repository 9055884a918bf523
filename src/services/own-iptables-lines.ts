/**
 * This agent's part of `iptables-save` output (or of `iptables-restore` text): its chains, their
 * rules and the jumps into them, found by its chain prefix.
 */
import type { BuiltinJump } from './make-proxy-rules.js';

/** The chains of `table` whose name has the agent's prefix, in the order the text declares them. */
export function ownChains(saved: string, prefix: string, table: 'nat' | 'filter'): string[] {
  return [...(tables(saved, prefix).get(table)?.chains ?? [])];
}

/** Each table's lines that name the agent's prefix, in order: what the periodic resync compares. */
export function ownLines(saved: string, prefix: string): string {
  let table = '';
  const lines: string[] = [];
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) table = line;
    else if (line.includes(prefix)) lines.push(`${table} ${line}`);
  }
  return lines.join('\n');
}

/**
 * Whether `iptables-save` output holds what an `iptables-restore --noflush` of `rules` (text made
 * by `makeProxyRules`) and the `jumps` just wrote: in each table, the agent's chains exactly those
 * declared and not deleted, as many of its rules as were written, and every jump. The periodic
 * resync compares later reads with this read only when it holds: a flush between the write and
 * the read (firewalld reloading, the engine restarting) is then not taken for the rules as written.
 */
export function rulesAsWritten(saved: string, rules: string, prefix: string, jumps: readonly BuiltinJump[]): boolean {
  const want = tables(rules, prefix);
  const have = tables(saved, prefix);
  for (const [table, w] of want) {
    const h = have.get(table);
    if (!h || h.rules !== w.rules || h.chains.size !== w.chains.size || [...w.chains].some((c) => !h.chains.has(c))) return false;
  }
  return jumps.every((jump) => {
    const target = jump.args[jump.args.indexOf('-j') + 1];
    return have.get(jump.table)?.lines.some((l) => l.startsWith(`-A ${jump.chain} `) && l.endsWith(`-j ${target}`)) ?? false;
  });
}

/** Per table: the agent's chains (declared, less those deleted), the count of rules appended to them, and every line. */
function tables(text: string, prefix: string): Map<string, { chains: Set<string>; rules: number; lines: string[] }> {
  const out = new Map<string, { chains: Set<string>; rules: number; lines: string[] }>();
  let current: { chains: Set<string>; rules: number; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      current = { chains: new Set(), rules: 0, lines: [] };
      out.set(line.slice(1).trim(), current);
    } else if (!current || line === 'COMMIT') {
      continue;
    } else if (line.startsWith(`:${prefix}`)) {
      current.chains.add(line.slice(1).split(' ')[0]!);
    } else if (line.startsWith(`-X ${prefix}`)) {
      current.chains.delete(line.slice(3).trim());
    } else if (line.startsWith(`-A ${prefix}`)) {
      current.rules++;
    } else if (line.startsWith('-A ')) {
      current.lines.push(line);
    }
  }
  return out;
}
