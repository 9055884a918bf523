import { describe, expect, it } from 'vitest';
import {
  ChannelProtocolError,
  decodeChannelMessage,
  decodeTerminalSize,
  encodeChannelMessage,
  encodeCloseMessage,
  encodeTerminalSize,
  negotiateStreamProtocol,
  STREAM_PROTOCOL_V4,
  STREAM_PROTOCOL_V5,
} from './channel-protocol.js';

const bytes = (...b: number[]): Buffer => Buffer.from(b);

describe('remote-command channel messages', () => {
  it.each([
    ['stdin data', bytes(0, 104, 105), STREAM_PROTOCOL_V5, { kind: 'data', channel: 0, data: Buffer.from('hi') }],
    ['resize', Buffer.concat([bytes(4), Buffer.from('{"Width":80,"Height":24}\n')]), STREAM_PROTOCOL_V5, { kind: 'data', channel: 4, data: Buffer.from('{"Width":80,"Height":24}\n') }],
    ['v5 close of stdin', bytes(255, 0), STREAM_PROTOCOL_V5, { kind: 'close', channel: 0 }],
    ['255 under v4 is just a channel number', bytes(255, 0), STREAM_PROTOCOL_V4, { kind: 'data', channel: 255, data: bytes(0) }],
    ['an empty message', bytes(), STREAM_PROTOCOL_V5, { kind: 'empty' }],
    ['a channel byte and nothing else', bytes(1), STREAM_PROTOCOL_V5, { kind: 'data', channel: 1, data: bytes() }],
  ] as const)('decodes %s', (_name, message, protocol, expected) => {
    expect(decodeChannelMessage(message, protocol)).toEqual(expected);
  });

  it('refuses a v5 close message of the wrong length', () => {
    expect(() => decodeChannelMessage(bytes(255, 0, 1), STREAM_PROTOCOL_V5)).toThrow(ChannelProtocolError);
    expect(() => decodeChannelMessage(bytes(255), STREAM_PROTOCOL_V5)).toThrow(ChannelProtocolError);
  });

  it('encodes the channel byte in front of the payload, and the close signal as [255, channel]', () => {
    expect([...encodeChannelMessage(2, 'ok')]).toEqual([2, 111, 107]);
    expect([...encodeChannelMessage(1)]).toEqual([1]);
    expect([...encodeCloseMessage(0)]).toEqual([255, 0]);
  });

  it.each([
    [['v5.channel.k8s.io'], 'v5.channel.k8s.io'],
    [['v4.channel.k8s.io', 'v5.channel.k8s.io'], 'v5.channel.k8s.io'],
    [['channel.k8s.io', 'v4.channel.k8s.io'], 'v4.channel.k8s.io'],
    [['channel.k8s.io', 'base64.channel.k8s.io'], undefined],
    [[], undefined],
  ])('negotiates %j to %s', (offered, chosen) => {
    expect(negotiateStreamProtocol(offered)).toBe(chosen);
  });
});

describe('terminal sizes', () => {
  it('reads client-go TerminalSize JSON, trailing newline included, and writes it back', () => {
    expect(decodeTerminalSize(Buffer.from('{"Width":120,"Height":40}\n'))).toEqual({ width: 120, height: 40 });
    expect(encodeTerminalSize({ width: 91, height: 27 }).toString()).toBe('\u0004{"Width":91,"Height":27}\n');
  });

  it.each(['', 'not json', '{"Width":80}', '{"Width":-1,"Height":2}', '{"Width":1.5,"Height":2}', '{"Width":70000,"Height":2}', '[80,24]'])(
    'refuses %j',
    (text) => {
      expect(() => decodeTerminalSize(Buffer.from(text))).toThrow(ChannelProtocolError);
    },
  );
});
