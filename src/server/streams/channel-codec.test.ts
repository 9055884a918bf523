import { describe, expect, it } from 'vitest';
import { channelCodec, negotiateKubeletWebSocketProtocol } from './channel-codec.js';
import { ChannelProtocolError } from './channel-protocol.js';
import { makeExecStatus } from './exec-status.js';

const failure = makeExecStatus({ exitCode: 2, command: ['false'] });
const success = makeExecStatus({ exitCode: 0, command: ['true'] });

describe('the kubelet port\'s WebSocket subprotocols', () => {
  it.each([
    [['v5.channel.k8s.io', 'v4.channel.k8s.io'], 'v5.channel.k8s.io'],
    [['base64.channel.k8s.io', 'channel.k8s.io'], 'base64.channel.k8s.io'],
    [['x', 'v4.base64.channel.k8s.io'], 'v4.base64.channel.k8s.io'],
    [['SPDY/3.1+portforward.k8s.io'], undefined],
    [[], undefined],
  ])('picks from %j: %s', (offered, protocol) => {
    expect(negotiateKubeletWebSocketProtocol(offered)).toBe(protocol);
  });

  it('frames binary protocols with a channel byte, and base64 ones with a channel digit and base64 text', () => {
    expect(channelCodec('v4.channel.k8s.io').encode(1, 'hi')).toEqual(Buffer.from([1, 104, 105]));
    expect(channelCodec('base64.channel.k8s.io').encode(2, 'hi')).toBe('2aGk=');
    expect(channelCodec('base64.channel.k8s.io').encode(1)).toBe('1');
    expect(channelCodec('v4.base64.channel.k8s.io').decode(Buffer.from('0aGk='), false)).toEqual({ kind: 'data', channel: 0, data: Buffer.from('hi') });
    expect(channelCodec('channel.k8s.io').decode(Buffer.from([0, 104]), true)).toEqual({ kind: 'data', channel: 0, data: Buffer.from('h') });
    expect(channelCodec('v5.channel.k8s.io').decode(Buffer.from([255, 0]), true)).toEqual({ kind: 'close', channel: 0 });
  });

  it('refuses a frame of the wrong kind for the protocol', () => {
    expect(() => channelCodec('base64.channel.k8s.io').decode(Buffer.from([0, 1]), true)).toThrow(ChannelProtocolError);
    expect(() => channelCodec('channel.k8s.io').decode(Buffer.from('0aGk='), false)).toThrow(ChannelProtocolError);
    expect(() => channelCodec('base64.channel.k8s.io').decode(Buffer.from('xaGk='), false)).toThrow(ChannelProtocolError);
  });

  it('ends v4 and v5 with the Status as JSON, the older ones with a failure\'s text and nothing on success', () => {
    expect(JSON.parse(channelCodec('v4.base64.channel.k8s.io').errorPayload(failure)!)).toMatchObject({ reason: 'NonZeroExitCode' });
    expect(channelCodec('v5.channel.k8s.io').errorPayload(success)).toBe('{"metadata":{},"status":"Success"}');
    expect(channelCodec('channel.k8s.io').errorPayload(failure)).toBe('command terminated with non-zero exit code: error executing command [false], exit code 2');
    expect(channelCodec('base64.channel.k8s.io').errorPayload(success)).toBeUndefined();
  });
});
