import { describe, expect, it } from 'vitest';
import type { RestartPolicy } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { initContainerFailed, shouldRestart, succeeded } from './restart-policy.js';
import { app, init } from './testing/planner-fixtures.js';

const exited = (exitCode: number, oomKilled = false) => app('a', { state: 'exited', exitCode, oomKilled });

describe('shouldRestart (kubelet ShouldContainerBeRestarted)', () => {
  // [newest instance, Always, OnFailure, Never]
  const cases: [string, ObservedContainer | undefined, boolean, boolean, boolean][] = [
    ['no instance yet', undefined, true, true, true],
    ['running', app('a'), false, false, false],
    ['created, never started', app('a', { state: 'created' }), true, true, true],
    ['in an unknown state', app('a', { state: 'unknown' }), true, true, true],
    ['exited 0', exited(0), true, false, false],
    ['exited 1', exited(1), true, true, false],
    ['exited 137', exited(137), true, true, false],
    ['OOM-killed with exit 0', exited(0, true), true, true, false],
  ];
  for (const [what, newest, always, onFailure, never] of cases) {
    it(`restarts a container ${what}: Always ${always}, OnFailure ${onFailure}, Never ${never}`, () => {
      const got = (['Always', 'OnFailure', 'Never'] as RestartPolicy[]).map((policy) => shouldRestart(newest, policy));
      expect(got).toEqual([always, onFailure, never]);
    });
  }
});

describe('succeeded and initContainerFailed', () => {
  const cases: [string, ObservedContainer, boolean, boolean][] = [
    ['exited 0', init('setup', { exitCode: 0 }), true, false],
    ['exited 1', init('setup', { exitCode: 1 }), false, true],
    ['OOM-killed, exit 0', init('setup', { exitCode: 0, oomKilled: true }), false, true],
    ['running', init('setup', { state: 'running' }), false, false],
    ['created', init('setup', { state: 'created' }), false, false],
    ['unknown', init('setup', { state: 'unknown' }), false, true],
  ];
  for (const [what, c, ok, failed] of cases) {
    it(`counts an init container ${what} as succeeded=${ok}, failed=${failed}`, () => {
      expect([succeeded(c), initContainerFailed(c)]).toEqual([ok, failed]);
    });
  }
});
