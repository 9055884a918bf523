import { describe, expect, it } from 'vitest';
import {
  decodeExit,
  decodeResize,
  encodeExit,
  encodeFrame,
  encodeResize,
  ExecProtocolError,
  FrameDecoder,
  StreamId,
} from './exec-protocol.js';

describe('exec protocol frames', () => {
  it('encodes as Docker multiplexes: id, three zero bytes, big-endian length, payload', () => {
    expect([...encodeFrame(StreamId.stderr, 'hi')]).toEqual([2, 0, 0, 0, 0, 0, 0, 2, 104, 105]);
  });

  it('reassembles frames split across chunks at any byte', () => {
    const bytes = Buffer.concat([encodeFrame(1, 'hello'), encodeFrame(StreamId.stdinEnd), encodeExit({ exitCode: 7 })]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = new FrameDecoder();
      const frames = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
      expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
        [1, 'hello'],
        [4, ''],
        [3, '{"exitCode":7}'],
      ]);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('rejects a header whose padding is not zero', () => {
    expect(() => new FrameDecoder().push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(ExecProtocolError);
  });

  it('round-trips exit statuses and resizes', () => {
    const frames = new FrameDecoder().push(Buffer.concat([encodeExit({ exitCode: null, message: 'gone' }), encodeResize({ cols: 80, rows: 24 })]));
    expect(decodeExit(frames[0]!.payload)).toEqual({ exitCode: null, message: 'gone' });
    expect(decodeResize(frames[1]!.payload)).toEqual({ cols: 80, rows: 24 });
    expect(() => decodeResize(Buffer.from('{"cols":0,"rows":1}'))).toThrow(ExecProtocolError);
  });
});
