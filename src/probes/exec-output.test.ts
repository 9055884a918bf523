import { describe, expect, it } from 'vitest';
import { ExecOutput, MAX_PROBE_OUTPUT_BYTES } from './exec-output.js';

function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('ExecOutput', () => {
  it('keeps stdout and stderr apart and interleaved, across torn frames', () => {
    const out = new ExecOutput();
    const bytes = Buffer.concat([frame(1, 'out1 '), frame(2, 'err '), frame(1, 'out2')]);
    out.push(bytes.subarray(0, 5));
    out.push(bytes.subarray(5, 17));
    out.push(bytes.subarray(17));
    expect(out.stdout).toBe('out1 out2');
    expect(out.stderr).toBe('err ');
    expect(out.combined).toBe('out1 err out2');
  });

  it('keeps at most 10 KiB of output', () => {
    const out = new ExecOutput();
    out.push(frame(1, Buffer.alloc(8000, 'a')));
    out.push(frame(1, Buffer.alloc(8000, 'b')));
    expect(out.combined.length).toBe(MAX_PROBE_OUTPUT_BYTES);
    expect(out.stdout.endsWith('b')).toBe(true);
  });
});
