import { describe, expect, it } from 'vitest';
import { MultiplexedOutputDecoder, MultiplexedOutputError } from './multiplexed-output.js';

/** Docker's frame, built here independently of the decoder. */
const frame = (stream: number, text: string): Buffer => {
  const header = Buffer.from([stream, 0, 0, 0, 0, 0, 0, 0]);
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
};

describe('Docker multiplexed output', () => {
  it('reassembles frames split at every byte', () => {
    const bytes = Buffer.concat([frame(1, 'out'), frame(2, 'err'), frame(1, '')]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = new MultiplexedOutputDecoder();
      const frames = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
      expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
        [1, 'out'],
        [2, 'err'],
        [1, ''],
      ]);
    }
  });

  it('refuses a malformed header and a frame too large to be output', () => {
    expect(() => new MultiplexedOutputDecoder().push(Buffer.from('plain text, not frames'))).toThrow(MultiplexedOutputError);
    expect(() => new MultiplexedOutputDecoder().push(Buffer.from([1, 0, 0, 0, 0x7f, 0, 0, 0]))).toThrow(/too large/);
  });
});
