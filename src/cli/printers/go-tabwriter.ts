/**
 * Go's `text/tabwriter` as kubectl configures it, for text whose cells are separated by `\t`.
 * A cell ended by a tab belongs to a column; the text after a line's last tab does not. A column
 * block is a run of consecutive lines that all have a tab-ended cell at that column; its width is
 * the widest cell plus `padding`, at least `minWidth`. Cells are padded with spaces (even empty
 * ones, which leaves the trailing spaces kubectl prints).
 */
export interface TabwriterOptions {
  minWidth: number;
  padding: number;
}

/** kubectl get (cli-runtime `printers.GetNewTabWriter`): minwidth 6, padding 3. */
export const TABLE_TABWRITER: TabwriterOptions = { minWidth: 6, padding: 3 };
/** kubectl describe (`tabbedString`): minwidth 0, padding 2. */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minWidth: 0, padding: 2 };

function width(text: string): number {
  return [...text].length;
}

export function formatTabbed(text: string, options: TabwriterOptions): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      out.push(cells.map((cell, j) => (j < widths.length ? cell.padEnd(cell.length + widths[j]! - width(cell)) : cell)).join(''));
    }
  };

  // The recursion of Go's `Writer.format`: find the blocks of this column, then format the next.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let columnWidth = options.minWidth;
      for (; current < line1; current++) {
        const cells = lines[current]!;
        if (column >= cells.length - 1) break;
        columnWidth = Math.max(columnWidth, width(cells[column]!) + options.padding);
      }
      widths.push(columnWidth);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
