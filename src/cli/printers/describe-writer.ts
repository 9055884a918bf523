import { DESCRIBE_TABWRITER, formatTabbed } from './go-tabwriter.js';

/**
 * kubectl describe's `PrefixWriter`: each write is indented by two spaces per level (only at its
 * start), and the whole text is laid out by the describe tabwriter at the end (`tabbedString`).
 */
export class PrefixWriter {
  private readonly chunks: string[] = [];

  write(level: number, text: string): void {
    this.chunks.push('  '.repeat(level) + text);
  }

  toString(): string {
    return formatTabbed(this.chunks.join(''), DESCRIBE_TABWRITER);
  }
}

/** Go `time.RFC1123Z` (`Mon, 02 Jan 2006 15:04:05 -0700`), in UTC; Go's zero time when unset. */
export function rfc1123z(timestamp: string | undefined): string {
  const ms = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** kubectl `printBool`. */
export function printBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/** kubectl `stringOrNone`. */
export function stringOrNone(value: string): string {
  return value.length > 0 ? value : '<none>';
}

/** kubectl `printLabelsMultiline`: sorted `key=value`, one a line, aligned on the value column. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string>): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => w.write(0, `${i === 0 ? '' : '\t'}${key}=${labels[key]}\n`));
}

const MAX_ANNOTATION_LEN = 140;

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** kubectl `printAnnotationsMultiline`: long or multi-line values go below their key, cut at 140. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string>): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations)
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = annotations[key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}
