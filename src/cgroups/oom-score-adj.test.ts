import { describe, expect, it } from 'vitest';
import { makeContainer } from '../status/testing/fixtures.js';
import { containerOomScoreAdj } from './oom-score-adj.js';

const GiB = 1024 ** 3;

describe('containerOomScoreAdj (kubelet qos/policy.go)', () => {
  const withRequest = (memory: string | undefined) =>
    makeContainer('c', { resources: { limits: {}, requests: memory === undefined ? {} : { memory } } });

  it.each<[string, 'Guaranteed' | 'Burstable' | 'BestEffort', string | undefined, number]>([
    ['Guaranteed', 'Guaranteed', '1Gi', -997],
    ['BestEffort', 'BestEffort', undefined, 1000],
    ['Burstable without a memory request: 999, just below BestEffort', 'Burstable', undefined, 999],
    ['Burstable asking 10 % of the node', 'Burstable', '1638Mi', 901],
    ['Burstable asking half the node', 'Burstable', '8Gi', 500],
    ['Burstable asking all of the node: raised to 3', 'Burstable', '16Gi', 3],
    ['Burstable asking more than the node: raised to 3', 'Burstable', '32Gi', 3],
    ['Burstable with a tiny request: integer division keeps 1000, lowered to 999', 'Burstable', '1Mi', 999],
    ['Burstable 64Mi', 'Burstable', '64Mi', 997],
  ])('%s → %i', (_name, qos, memory, expected) => {
    expect(containerOomScoreAdj(qos, withRequest(memory), 16 * GiB)).toBe(expected);
  });
});
