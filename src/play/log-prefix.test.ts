import { describe, expect, it } from 'vitest';
import { LineSplitter, LogPrefixer, colourOf, containerLabel, sanitize } from './log-prefix.js';

describe('LogPrefixer', () => {
  it('pads every label to the longest one, plain when not on a terminal', () => {
    const p = new LogPrefixer(['web/httpd', 'web/sidecar'], false);
    expect(p.line('web/httpd', 'hello')).toBe('web/httpd   | hello\n');
    expect(p.line('web/sidecar', 'hi')).toBe('web/sidecar | hi\n');
  });

  it('widens for a label longer than the ones known', () => {
    const p = new LogPrefixer(['a/b'], false);
    expect(p.line('a/longer', 'x')).toBe('a/longer | x\n');
    expect(p.line('a/b', 'x')).toBe('a/b      | x\n');
  });

  it('colours the prefix, not the line, on a terminal', () => {
    const p = new LogPrefixer(['web/httpd'], true);
    expect(p.line('web/httpd', 'hello')).toBe(`\x1b[${colourOf('web/httpd')}mweb/httpd |\x1b[0m hello\n`);
  });

  it('gives a container the same colour every time', () => {
    expect(colourOf('web/httpd')).toBe(colourOf('web/httpd'));
  });

  it('prints an empty line as the prefix alone', () => {
    expect(new LogPrefixer(['a/b'], false).line('a/b', '')).toBe('a/b |\n');
  });
});

describe('containerLabel', () => {
  it('leaves the default namespace out', () => {
    expect(containerLabel('default', 'web', 'httpd')).toBe('web/httpd');
    expect(containerLabel('tools', 'web', 'httpd')).toBe('tools/web/httpd');
  });
});

describe('sanitize', () => {
  it('escapes control characters that would garble the next prefix, keeps tabs', () => {
    expect(sanitize('a\tb\x1b[2Jc\r')).toBe('a\tb\\x1b[2Jc');
  });
});

describe('LineSplitter', () => {
  it('joins lines split across chunks and returns the unterminated rest at the end', () => {
    const s = new LineSplitter();
    expect(s.push('one\ntw')).toEqual(['one']);
    expect(s.push('o\nthree')).toEqual(['two']);
    expect(s.end()).toEqual(['three']);
    expect(s.end()).toEqual([]);
  });
});
