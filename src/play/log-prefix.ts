import { createHash } from 'node:crypto';

/** Foreground colours that read on dark and light terminals (compose's set, without white and black). */
const PALETTE = [36, 33, 32, 35, 34, 31, 96, 93, 92, 95, 94] as const;
const RESET = '\x1b[0m';

/** How a container is named in play's output: `pod/container`, with the namespace first unless it is `default`. */
export function containerLabel(namespace: string, pod: string, container: string): string {
  return namespace === 'default' ? `${pod}/${container}` : `${namespace}/${pod}/${container}`;
}

/** The same colour for a container in every run: picked from its label, not from its order of appearance. */
export function colourOf(label: string): number {
  const n = createHash('sha256').update(label).digest().readUInt32BE(0);
  return PALETTE[n % PALETTE.length]!;
}

/**
 * Prefixes container log lines as compose does: `web/httpd   | line`, labels padded to the longest
 * one known, each label in its own colour when the output is a terminal. Control characters that
 * would move the cursor or end the colour are shown escaped, so a container cannot garble the
 * prefix of the next line.
 */
export class LogPrefixer {
  private width: number;

  constructor(labels: readonly string[], private readonly colour: boolean) {
    this.width = Math.max(0, ...labels.map((l) => l.length));
  }

  line(label: string, text: string): string {
    this.width = Math.max(this.width, label.length);
    const prefix = `${label.padEnd(this.width)} |`;
    const body = sanitize(text);
    const head = this.colour ? `\x1b[${colourOf(label)}m${prefix}${RESET}` : prefix;
    return body === '' ? `${head}\n` : `${head} ${body}\n`;
  }
}

/** Drops a trailing CR and escapes other control characters but tab. */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r$/, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Splits a stream of chunks into lines; `end()` returns the unterminated rest. */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop()!;
    return lines;
  }

  end(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : [rest];
  }
}
