import { describe, expect, it } from 'vitest';
import { defaultedContainer } from '../api/testing/pod-fixtures.js';
import type { ContainerToStart } from '../planner/pod-actions.js';
import { startsTogether } from './start-order.js';

const app = (index: number): ContainerToStart => ({ kind: 'app', index, name: `c${index}`, attempt: 0 });

describe('startsTogether', () => {
  const plain = [defaultedContainer('a'), defaultedContainer('b')];
  const hooked = [defaultedContainer('a', { lifecycle: { postStart: { exec: { command: ['touch', '/ready'] } } } }), defaultedContainer('b')];

  it.each([
    ['two plain app containers', plain, [app(0), app(1)], true],
    ['one app container (created while the sandbox starts)', plain, [app(1)], true],
    ['nothing to start', plain, [], false],
    ['a postStart hook orders the starts', hooked, [app(0), app(1)], false],
    ['the hooked container alone is still ordered', hooked, [app(0)], false],
    ['only the unhooked one restarts', hooked, [app(1)], true],
  ])('%s', (_name, containers, apps, expected) => {
    expect(startsTogether(containers, apps)).toBe(expected);
  });
});
