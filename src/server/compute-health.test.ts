import { describe, expect, it } from 'vitest';
import { computeHealth, formatHealth, type HealthInputs } from './compute-health.js';

const NOW = 1_000_000_000;
const healthy: HealthInputs = { engineError: undefined, lastScanMs: NOW - 5_000, sourceProblem: undefined, rescanMs: 20_000, nowMs: NOW };

describe('computeHealth', () => {
  it.each<[string, Partial<HealthInputs>, Record<string, string | undefined>]>([
    ['all is well', {}, { docker: undefined, 'manifest-source': undefined }],
    ['the engine does not answer', { engineError: 'connect ENOENT /var/run/docker.sock' }, { docker: 'the Docker engine did not answer: connect ENOENT /var/run/docker.sock' }],
    ['a scan is late but within three rescans', { lastScanMs: NOW - 59_000 }, { 'manifest-source': undefined }],
    ['scans stopped', { lastScanMs: NOW - 61_000 }, { 'manifest-source': 'the manifest directory was last listed 61s ago, expected every 20s' }],
    [
      'the directory cannot be read',
      { lastScanMs: undefined, sourceProblem: 'cannot read the manifest directory: ENOENT' },
      { 'manifest-source': 'the manifest directory was never listed (cannot read the manifest directory: ENOENT)' },
    ],
  ])('when %s', (_, change, expected) => {
    const checks = Object.fromEntries(computeHealth({ ...healthy, ...change }).map((c) => [c.name, c.failure]));
    expect(checks).toMatchObject(expected);
  });
});

describe('formatHealth', () => {
  it('answers 200 with one line per check when all pass', () => {
    expect(formatHealth([{ name: 'docker', failure: undefined }])).toEqual({ code: 200, text: '[+]docker ok\nhealthz check passed\n' });
  });

  it('answers 503 and says why when one fails', () => {
    const { code, text } = formatHealth([{ name: 'docker', failure: undefined }, { name: 'manifest-source', failure: 'stale' }]);
    expect(code).toBe(503);
    expect(text).toBe('[+]docker ok\n[-]manifest-source failed: stale\nhealthz check failed\n');
  });
});
