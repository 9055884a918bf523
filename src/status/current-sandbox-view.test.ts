import { describe, expect, it } from 'vitest';
import { app, init, makeContainer, makePod, sandbox } from '../planner/testing/planner-fixtures.js';
import { currentSandboxView } from './current-sandbox-view.js';

const pod = makePod({ initContainers: [makeContainer('setup')], containers: [makeContainer('a')] });

describe('currentSandboxView', () => {
  it('leaves everything as it is while there is one sandbox', () => {
    const containers = [sandbox(), init('setup', { state: 'exited', exitCode: 0 }), app('a')];
    const view = currentSandboxView(pod, containers, new Map());
    expect(view.containers).toEqual(containers);
    expect(view.reasonCache.size).toBe(0);
  });

  it('drops init containers of an older sandbox and shows the old app container as PodInitializing', () => {
    const containers = [
      sandbox({ id: 'sb0', attempt: 0, state: 'exited' }),
      sandbox({ id: 'sb1', attempt: 1 }),
      init('setup', { sandboxId: 'sb0', state: 'exited', exitCode: 0 }),
      init('setup', { sandboxId: 'sb1', attempt: 1, state: 'running' }),
      app('a', { sandboxId: 'sb0', state: 'exited', exitCode: 0 }),
    ];
    const view = currentSandboxView(pod, containers, new Map());
    expect(view.containers.filter((c) => c.kind === 'init').map((c) => c.sandboxId)).toEqual(['sb1']);
    expect(view.reasonCache.get('a')?.reason).toBe('PodInitializing');
  });

  it('shows ContainerCreating once the init containers of the new sandbox are done', () => {
    const containers = [
      sandbox({ id: 'sb0', attempt: 0, state: 'exited' }),
      sandbox({ id: 'sb1', attempt: 1 }),
      init('setup', { sandboxId: 'sb1', attempt: 1, state: 'exited', exitCode: 0 }),
      app('a', { sandboxId: 'sb0', state: 'exited', exitCode: 137 }),
    ];
    expect(currentSandboxView(pod, containers, new Map()).reasonCache.get('a')?.reason).toBe('ContainerCreating');
  });
});
