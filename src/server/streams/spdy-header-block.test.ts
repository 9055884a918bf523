import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY_HEADER_DICTIONARY } from './spdy-dictionary.js';
import { decodeHeaderPairs, encodeHeaderPairs, HeaderCompressor, HeaderDecompressor } from './spdy-header-block.js';
import { SpdyProtocolError } from './spdy-frame.js';
import { KUBECTL_DICTIONARY_ID, KUBECTL_WRITES } from './testing/kubectl-port-forward-frames.js';

const block = (write: string, skip: number): Buffer => Buffer.from(write, 'hex').subarray(skip);

describe('SPDY/3 header blocks', () => {
  it('primes zlib with the dictionary kubectl uses (same Adler-32 in the zlib header)', () => {
    expect(SPDY_HEADER_DICTIONARY.length).toBe(1423);
    expect(deflateSync(Buffer.from('x'), { dictionary: SPDY_HEADER_DICTIONARY }).subarray(2, 6).toString('hex')).toBe(KUBECTL_DICTIONARY_ID);
  });

  it('decompresses kubectl\'s two SYN_STREAM header blocks in order, on one zlib stream', async () => {
    const decompressor = new HeaderDecompressor();
    try {
      // Each block follows the stream ids and priority: the first write held the frame header and
      // stream id, so its block starts 6 bytes into the second write; the data stream's, 10 bytes in.
      const error = await decompressor.decompress(block(KUBECTL_WRITES[1]!, 6));
      const data = await decompressor.decompress(block(KUBECTL_WRITES[4]!, 10));
      expect(Object.fromEntries(error)).toEqual({ port: ['8080'], requestid: ['0'], streamtype: ['error'] });
      expect(Object.fromEntries(data)).toEqual({ port: ['8080'], requestid: ['0'], streamtype: ['data'] });
    } finally {
      decompressor.close();
    }
  });

  it('compresses blocks a decompressor reads back, in order, several values per name', async () => {
    const compressor = new HeaderCompressor();
    const decompressor = new HeaderDecompressor();
    try {
      const blocks = await Promise.all([
        compressor.compress(new Map()),
        compressor.compress(new Map([['streamtype', ['data']], ['x-multi', ['a', 'b']]])),
      ]);
      expect((await decompressor.decompress(blocks[0])).size).toBe(0);
      expect(Object.fromEntries(await decompressor.decompress(blocks[1]))).toEqual({ streamtype: ['data'], 'x-multi': ['a', 'b'] });
    } finally {
      compressor.close();
      decompressor.close();
    }
  });

  it('refuses a block that is not zlib data', async () => {
    const decompressor = new HeaderDecompressor();
    try {
      await expect(decompressor.decompress(Buffer.from('not zlib at all'))).rejects.toThrow(SpdyProtocolError);
    } finally {
      decompressor.close();
    }
  });

  it.each([
    ['no count', Buffer.alloc(2), /no count/],
    ['a count with nothing after it', Buffer.from('00000001', 'hex'), /ends inside a length/],
    ['a name cut short', Buffer.from('0000000100000005616263', 'hex'), /ends inside a name or value/],
    ['an upper-case name', encodeHeaderPairs(new Map([['Port', ['1']]])).fill(0x50, 8, 9), /not lower-case/],
    ['a name twice', Buffer.concat([Buffer.from('00000002', 'hex'), encodeHeaderPairs(new Map([['a', ['1']]])).subarray(4), encodeHeaderPairs(new Map([['a', ['2']]])).subarray(4)]), /appears twice/],
  ])('refuses a decompressed block with %s', (_name, raw, message) => {
    expect(() => decodeHeaderPairs(raw)).toThrow(message);
  });
});
