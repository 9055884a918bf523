import { describe, expect, it } from 'vitest';
import { DESCRIBE_TABWRITER, formatTabbed, TABLE_TABWRITER } from './go-tabwriter.js';

describe('formatTabbed', () => {
  it('pads table columns to the widest cell plus 3, at least 6', () => {
    const text = 'NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nnginx\t1/1\tRunning\t0\t10s\n';
    expect(formatTabbed(text, TABLE_TABWRITER)).toBe('NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          10s\n');
  });

  it('uses the minimum width for narrow columns', () => {
    expect(formatTabbed('A\tB\n', TABLE_TABWRITER)).toBe('A     B\n');
  });

  it('aligns only consecutive lines that share a column (a line without a tab ends the block)', () => {
    const text = ['Name:\tweb', 'Namespace:\tdefault', 'IPs:', '  IP:\t10.0.0.1', 'Events:\t<none>', ''].join('\n');
    expect(formatTabbed(text, DESCRIBE_TABWRITER)).toBe(
      ['Name:       web', 'Namespace:  default', 'IPs:', '  IP:    10.0.0.1', 'Events:  <none>', ''].join('\n'),
    );
  });

  it('pads empty cells, leaving trailing spaces', () => {
    expect(formatTabbed('Medium:\t\nSizeLimit:\t<unset>\n', DESCRIBE_TABWRITER)).toBe('Medium:     \nSizeLimit:  <unset>\n');
  });

  it('formats nested columns per block', () => {
    const text = 'a\tbb\tc\naaa\tb\tc\nx\ty\n';
    expect(formatTabbed(text, DESCRIBE_TABWRITER)).toBe('a    bb  c\naaa  b   c\nx    y\n');
  });
});
