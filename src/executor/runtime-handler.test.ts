import { describe, expect, it } from 'vitest';
import { makePod } from '../planner/testing/planner-fixtures.js';
import { runtimeHandlerOf } from './runtime-handler.js';

describe('runtimeHandlerOf', () => {
  const handlers = { crun: 'crun', sandboxed: 'runsc' };

  it.each([
    ['no runtimeClassName: the engine default', undefined, {}],
    ['an empty runtimeClassName: the engine default', '', {}],
    ['a known class: its handler', 'sandboxed', { runtime: 'runsc' }],
  ])('%s', (_name, runtimeClassName, expected) => {
    const pod = makePod(runtimeClassName === undefined ? {} : { runtimeClassName });
    expect(runtimeHandlerOf(pod, handlers)).toEqual(expected);
  });

  it('fails an unknown class with the kubelet lookup error, naming what the node knows and how to add it', () => {
    expect(() => runtimeHandlerOf(makePod({ runtimeClassName: 'gvisor' }), handlers)).toThrow(
      'failed to lookup RuntimeClass gvisor: runtimeclass.node.k8s.io "gvisor" not found (the node knows "crun", "sandboxed"; add it with --runtime-classes gvisor=<docker runtime>',
    );
    expect(() => runtimeHandlerOf(makePod({ runtimeClassName: 'toString' }), {})).toThrow('the node defines none');
  });
});
