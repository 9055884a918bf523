import { describe, expect, it } from 'vitest';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  encodeSynStream,
  FLAG_FIN,
  SpdyFrameDecoder,
  SpdyProtocolError,
  type SpdyFrame,
} from './spdy-frame.js';
import { KUBECTL_BYTES, KUBECTL_WRITES } from './testing/kubectl-port-forward-frames.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('SPDY/3.1 frames', () => {
  it('cuts kubectl\'s captured bytes into its frames, whatever the chunking', () => {
    for (const size of [1, 3, 7, 8, 13, 64, KUBECTL_BYTES.length]) {
      const decoder = new SpdyFrameDecoder();
      const frames: SpdyFrame[] = [];
      for (let at = 0; at < KUBECTL_BYTES.length; at += size) frames.push(...decoder.push(KUBECTL_BYTES.subarray(at, at + size)));
      expect(frames.map((f) => [f.type, 'streamId' in f ? f.streamId : 0, 'flags' in f ? f.flags : 0])).toEqual([
        ['synStream', 1, 0],
        ['data', 1, FLAG_FIN],
        ['synStream', 3, 0],
        ['data', 3, 0],
        ['data', 3, FLAG_FIN],
      ]);
      const request = frames[3] as Extract<SpdyFrame, { type: 'data' }>;
      expect(request.data.toString()).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
      const first = frames[0] as Extract<SpdyFrame, { type: 'synStream' }>;
      expect(hex(first.headerBlock)).toBe(KUBECTL_WRITES[1]!.slice(12));
    }
  });

  it.each([
    ['DATA', encodeData(3, Buffer.from('hi'), FLAG_FIN), '000000030100000268 69'],
    ['SYN_REPLY', encodeSynReply(1, Buffer.from([0xab])), '80030002000000050000000 1ab'],
    ['SYN_STREAM', encodeSynStream(2, Buffer.from([0xcd])), '80030001000000 0b00000002000000000000cd'],
    ['RST_STREAM (cancel)', encodeRstStream(5, 5), '80030003000000080000000500000005'],
    ['PING', encodePing(7), '800300060000000400000007'],
    ['GOAWAY (protocol error)', encodeGoAway(9, 1), '80030007000000080000000900000001'],
  ])('writes %s as the draft lays it out', (_name, frame, expected) => {
    expect(hex(frame)).toBe(expected.replaceAll(' ', ''));
  });

  it('reads back what it writes', () => {
    const decoder = new SpdyFrameDecoder();
    const frames = decoder.push(Buffer.concat([encodeRstStream(5, 5), encodePing(7), encodeGoAway(9, 1), encodeData(11, Buffer.alloc(0))]));
    expect(frames).toEqual([
      { type: 'rstStream', streamId: 5, status: 5 },
      { type: 'ping', id: 7 },
      { type: 'goAway', lastGoodStreamId: 9, status: 1 },
      { type: 'data', streamId: 11, flags: 0, data: Buffer.alloc(0) },
    ]);
  });

  it('skips SETTINGS and unknown control frames, and reads WINDOW_UPDATE', () => {
    const settings = Buffer.from('800300040000000c00000001000000070000ffff', 'hex');
    const windowUpdate = Buffer.from('800300090000000800000001000f0000', 'hex');
    expect(new SpdyFrameDecoder().push(Buffer.concat([settings, windowUpdate]))).toEqual([
      { type: 'ignored', controlType: 4 },
      { type: 'windowUpdate', streamId: 1, delta: 0xf0000 },
    ]);
  });

  it('refuses another SPDY version and a control frame too short for its type', () => {
    expect(() => new SpdyFrameDecoder().push(Buffer.from('8002000600000004 00000001'.replaceAll(' ', ''), 'hex'))).toThrow(SpdyProtocolError);
    expect(() => new SpdyFrameDecoder().push(Buffer.from('800300030000000400000001', 'hex'))).toThrow(/too short/);
  });
});
