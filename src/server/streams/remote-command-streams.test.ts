import { describe, expect, it } from 'vitest';
import { expectedStreamTypes, negotiateSpdyProtocol, parseStreamType, splitResizeMessages } from './remote-command-streams.js';

describe('the SPDY remote command handshake', () => {
  it.each([
    [['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'], { protocol: 'v4.channel.k8s.io' }],
    [['v4.channel.k8s.io, v3.channel.k8s.io'], { protocol: 'v4.channel.k8s.io' }],
    [['v2.channel.k8s.io', 'v4.channel.k8s.io'], { protocol: 'v2.channel.k8s.io' }],
    [['v5.channel.k8s.io', 'v3.channel.k8s.io'], { protocol: 'v3.channel.k8s.io' }],
    [[], { code: 400, message: 'unable to upgrade: X-Stream-Protocol-Version is required' }],
    [
      ['channel.k8s.io'],
      {
        code: 403,
        message: 'unable to upgrade: unable to negotiate protocol: client supports [channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io]',
        accepted: ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io'],
      },
    ],
  ])('negotiates %j', (offered, outcome) => {
    expect(negotiateSpdyProtocol(offered)).toEqual(outcome);
  });

  it.each([
    [{ stdin: false, stdout: true, stderr: true, tty: false }, 'v4.channel.k8s.io', ['error', 'stdout', 'stderr']],
    [{ stdin: true, stdout: true, stderr: false, tty: true }, 'v4.channel.k8s.io', ['error', 'stdin', 'stdout', 'resize']],
    [{ stdin: true, stdout: true, stderr: false, tty: true }, 'v3.channel.k8s.io', ['error', 'stdin', 'stdout', 'resize']],
    [{ stdin: true, stdout: true, stderr: false, tty: true }, 'v2.channel.k8s.io', ['error', 'stdin', 'stdout']],
    [{ stdin: true, stdout: false, stderr: false, tty: false }, 'v4.channel.k8s.io', ['error', 'stdin']],
  ] as const)('waits for the streams of %j under %s', (streams, protocol, types) => {
    expect(expectedStreamTypes(streams, protocol)).toEqual(types);
  });

  it('knows the five stream types and nothing else', () => {
    expect(['error', 'stdin', 'stdout', 'stderr', 'resize', 'data', undefined].map(parseStreamType)).toEqual(['error', 'stdin', 'stdout', 'stderr', 'resize', undefined, undefined]);
  });

  it('cuts the resize stream into its JSON values, whatever the chunking', () => {
    expect(splitResizeMessages('{"Width":80,"Height":24}\n{"Width":100,')).toEqual({ messages: ['{"Width":80,"Height":24}'], rest: '{"Width":100,' });
    expect(splitResizeMessages('{"Width":100,"Height":40}\n')).toEqual({ messages: ['{"Width":100,"Height":40}'], rest: '' });
  });
});
