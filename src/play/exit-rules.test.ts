import { describe, expect, it } from 'vitest';
import { decideExit } from './exit-rules.js';
import { containerStatus, exited, podView, running } from './testing/pod-views.js';

const none = { abortOnContainerExit: false };

describe('decideExit', () => {
  it('keeps running while a pod has not completed', () => {
    const pods = [podView({ phase: 'Succeeded', containers: [containerStatus('a', exited(0))] }), podView({ name: 'db', containers: [containerStatus('a', running())] })];
    expect(decideExit(pods, 2, none)).toBeUndefined();
  });

  it('keeps running until every pod of the run has a status', () => {
    expect(decideExit([podView({ phase: 'Succeeded' })], 2, none)).toBeUndefined();
  });

  it('exits 0 when every pod succeeded', () => {
    expect(decideExit([podView({ phase: 'Succeeded', containers: [containerStatus('a', exited(0))] })], 1, none)).toEqual({ exitCode: 0, why: 'every pod completed' });
  });

  it('exits with the code of the first container that failed', () => {
    const pods = [
      podView({ name: 'late', phase: 'Failed', containers: [containerStatus('a', exited(4, '2024-01-01T00:00:20Z'))] }),
      podView({ name: 'early', phase: 'Failed', containers: [containerStatus('a', exited(0)), containerStatus('b', exited(3, '2024-01-01T00:00:05Z'))] }),
    ];
    expect(decideExit(pods, 2, none)).toEqual({ exitCode: 3, why: 'every pod completed; early/b failed (exit 3)' });
  });

  it('counts a failed init container', () => {
    const pods = [podView({ phase: 'Failed', status: 'Init:Error', initContainers: [containerStatus('setup', exited(2))], containers: [containerStatus('a', { waiting: { reason: 'PodInitializing' } })] })];
    expect(decideExit(pods, 1, none)).toMatchObject({ exitCode: 2 });
  });

  it('exits 1 for a pod that failed without a failed container (refused at admission)', () => {
    expect(decideExit([podView({ phase: 'Failed', status: 'NodeAffinity' })], 1, none)).toEqual({ exitCode: 1, why: 'every pod completed; web failed (NodeAffinity)' });
  });

  it('with --exit-code-from, exits when that container exits, with its code, even if it restarts', () => {
    const rules = { abortOnContainerExit: false, exitCodeFrom: { namespace: 'default', pod: 'web', container: 'app' } };
    const up = [podView({ containers: [containerStatus('app', running()), containerStatus('side', exited(9))] })];
    expect(decideExit(up, 1, rules)).toBeUndefined();
    const restarted = [podView({ containers: [containerStatus('app', running(), { restartCount: 1, lastState: exited(5) }), containerStatus('side', running())] })];
    expect(decideExit(restarted, 1, rules)).toEqual({ exitCode: 5, why: 'web/app exited (exit 5)' });
  });

  it('with --abort-on-container-exit, exits when any app container exits, not for an init container that succeeded', () => {
    const rules = { abortOnContainerExit: true };
    const initDone = [podView({ initContainers: [containerStatus('setup', exited(0))], containers: [containerStatus('app', running())] })];
    expect(decideExit(initDone, 1, rules)).toBeUndefined();
    const appDone = [podView({ initContainers: [containerStatus('setup', exited(0))], containers: [containerStatus('app', exited(0, '2024-01-01T00:01:00Z'))] })];
    expect(decideExit(appDone, 1, rules)).toEqual({ exitCode: 0, why: 'web/app exited (exit 0)' });
    const initFailed = [podView({ initContainers: [containerStatus('setup', running(), { restartCount: 1, lastState: exited(7) })] })];
    expect(decideExit(initFailed, 1, rules)).toMatchObject({ exitCode: 7 });
  });
});
