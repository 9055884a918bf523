/**
 * A cheap upper bound of how deeply a YAML text nests, read line by line before the YAML parser
 * sees it. The parser recurses once per level and, on inputs such as a million `- ` or `[`, can
 * exhaust the stack or the heap of the whole agent; this scan refuses such files in linear time.
 * Per line the bound is: indentation + leading compact indicators (`- `, `? `, `: `) + open flow
 * brackets (`[`, `{`) outside quotes and comments. Block scalar bodies (`|`, `>`) are skipped, so
 * an indented script does not count.
 */
export function estimateNesting(text: string): { depth: number; line: number } {
  let flow = 0;
  let max = { depth: 0, line: 1 };
  let blockScalarIndent: number | undefined;
  let lineNumber = 0;
  for (let start = 0; start <= text.length; lineNumber++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    const indent = line.length - line.trimStart().length;
    if (blockScalarIndent !== undefined) {
      if (line.trim() === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    const { compact, next } = compactIndicators(line, indent);
    const scanned = scanFlow(line, next, flow);
    flow = scanned.flow;
    const depth = indent + compact + scanned.peak;
    if (depth > max.depth) max = { depth, line: lineNumber + 1 };
    if (scanned.blockScalar) blockScalarIndent = indent;
  }
  return max;
}

/** `- - ? x` nests three levels on one line. */
function compactIndicators(line: string, from: number): { compact: number; next: number } {
  let compact = 0;
  let i = from;
  while ((line[i] === '-' || line[i] === '?' || line[i] === ':') && (i + 1 === line.length || line[i + 1] === ' ')) {
    compact++;
    i++;
    while (line[i] === ' ') i++;
  }
  return { compact, next: i };
}

/** Flow depth after the line, its peak within the line, and whether a block scalar header ends it. */
function scanFlow(line: string, from: number, startFlow: number): { flow: number; peak: number; blockScalar: boolean } {
  let flow = startFlow;
  let peak = startFlow;
  let codeEnd = line.length;
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    const previous = i === from ? ' ' : line[i - 1];
    if (ch === '#' && (previous === ' ' || previous === '\t')) {
      codeEnd = i;
      break;
    }
    // A quote opens a quoted scalar only where a scalar can start (`it's` is plain text).
    if ((ch === '"' || ch === "'") && previous !== undefined && ' \t[{,:'.includes(previous)) i = closingQuote(line, i);
    else if (ch === '[' || ch === '{') peak = Math.max(peak, ++flow);
    else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
  }
  const blockScalar = /(?:^|\s)[|>][-+0-9]{0,2}\s*$/.test(line.slice(from, codeEnd));
  return { flow, peak, blockScalar };
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
