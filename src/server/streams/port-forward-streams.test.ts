import { describe, expect, it } from 'vitest';
import { parsePortForwardHeaders, StreamPairs } from './port-forward-streams.js';

const headers = (pairs: Record<string, string>) => new Map(Object.entries(pairs).map(([k, v]) => [k, [v]]));

describe('port-forward stream headers', () => {
  it.each([
    ['a data stream', { streamtype: 'data', port: '8080', requestid: '0' }, 3, { requestId: '0', streamType: 'data', port: 8080 }],
    ['an error stream', { streamtype: 'error', port: '1', requestid: '7' }, 1, { requestId: '7', streamType: 'error', port: 1 }],
    ['an old client\'s error stream (no requestID: paired by stream id)', { streamtype: 'error', port: '80' }, 5, { requestId: '5', streamType: 'error', port: 80 }],
    ['an old client\'s data stream', { streamtype: 'data', port: '80' }, 7, { requestId: '5', streamType: 'data', port: 80 }],
    ['no stream type', { port: '80' }, 1, { error: 'invalid stream type "": port-forward streams are "data" or "error"' }],
    ['another stream type', { streamtype: 'stdin', port: '80' }, 1, { error: 'invalid stream type "stdin": port-forward streams are "data" or "error"' }],
    ['no port', { streamtype: 'data' }, 1, { error: '"port" header is required' }],
    ['a port that is not a number', { streamtype: 'data', port: 'http' }, 1, { error: 'unable to parse "http" as a port' }],
    ['a port above 65535', { streamtype: 'data', port: '70000' }, 1, { error: 'unable to parse "70000" as a port' }],
    ['port 0', { streamtype: 'data', port: '0' }, 1, { error: 'port "0" must be > 0' }],
  ])('reads %s', (_name, pairs, streamId, expected) => {
    expect(parsePortForwardHeaders(headers(pairs), streamId)).toEqual(expected);
  });
});

describe('pairing port-forward streams', () => {
  it('completes a pair when the second stream of a request arrives, in either order', () => {
    const pairs = new StreamPairs<string>();
    expect(pairs.add({ requestId: '0', streamType: 'error', port: 80 }, 'e0')).toBeUndefined();
    expect(pairs.add({ requestId: '1', streamType: 'data', port: 80 }, 'd1')).toBeUndefined();
    expect(pairs.add({ requestId: '0', streamType: 'data', port: 80 }, 'd0')).toEqual({ data: 'd0', error: 'e0' });
    expect(pairs.add({ requestId: '1', streamType: 'error', port: 80 }, 'e1')).toEqual({ data: 'd1', error: 'e1' });
  });

  it('refuses a second stream of the same type, and forgets a request that timed out', () => {
    const pairs = new StreamPairs<string>();
    pairs.add({ requestId: '0', streamType: 'error', port: 80 }, 'e0');
    expect(pairs.add({ requestId: '0', streamType: 'error', port: 80 }, 'again')).toBe('duplicate');
    expect(pairs.drop('0')).toEqual(['e0']);
    expect(pairs.drop('0')).toEqual([]);
    expect(pairs.add({ requestId: '0', streamType: 'data', port: 80 }, 'd0')).toBeUndefined();
  });
});
