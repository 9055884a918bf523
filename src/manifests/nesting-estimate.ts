/**
 * A cheap upper bound of how deeply a YAML text nests, read line by line before the YAML parser
 * sees it. The parser recurses once per level and, on inputs such as a million `- ` or `[`, can
 * exhaust the stack or the heap of the whole agent; this scan refuses such files in linear time.
 * Per line the bound is: indentation + leading compact indicators (`- `, `? `) + open flow
 * brackets (`[`, `{`) outside quotes and comments. Block scalar bodies (`|`, `>`) are skipped, so
 * an indented script does not count.
 */
export function estimateNesting(text: string): { depth: number; line: number } {
  let flow = 0;
  let max = { depth: 0, line: 1 };
  let blockScalarIndent: number | undefined;
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    const indent = line.length - line.trimStart().length;
    if (blockScalarIndent !== undefined) {
      if (line.trim() === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    let rest = line.slice(indent);
    let compact = 0;
    for (let m = /^[-?:](?:\s+|$)/.exec(rest); m !== null && m[0] !== ''; m = /^[-?:](?:\s+|$)/.exec(rest)) {
      compact++;
      rest = rest.slice(m[0].length);
    }
    const scanned = scanFlow(rest, flow);
    flow = scanned.flow;
    const depth = indent + compact + scanned.peak;
    if (depth > max.depth) max = { depth, line: lineNumber };
    if (/(^|[\s:-])[|>][-+0-9]*\s*$/.test(scanned.code)) blockScalarIndent = indent;
  }
  return max;
}

/** Flow depth after the line, the peak within it, and the line without quoted text and comment. */
function scanFlow(line: string, startFlow: number): { flow: number; peak: number; code: string } {
  let flow = startFlow;
  let peak = startFlow;
  let code = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
    if (ch === '"' || ch === "'") {
      i = closingQuote(line, i);
      code += ' ';
      continue;
    }
    if (ch === '[' || ch === '{') peak = Math.max(peak, ++flow);
    else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
    code += ch;
  }
  return { flow, peak, code: code.trimEnd() };
}

function closingQuote(line: string, open: number): number {
  const quote = line[open];
  for (let i = open + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return line.length;
}
