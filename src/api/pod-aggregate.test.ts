import { describe, expect, it } from 'vitest';
import { makeContainer, makePod } from '../planner/testing/planner-fixtures.js';
import { aggregateOverContainers } from './pod-aggregate.js';

const AMOUNT: Record<string, number> = { a: 100, b: 50, init: 300, side: 40, side2: 30, late: 200 };
const total = (pod: ReturnType<typeof makePod>) => aggregateOverContainers(pod, (c) => AMOUNT[c.name] ?? 0);

describe('aggregateOverContainers (KEP-753)', () => {
  it('is the app containers sum, or the largest init container when that is bigger', () => {
    expect(total(makePod({ containers: [makeContainer('a'), makeContainer('b')] }))).toBe(150);
    expect(total(makePod({ initContainers: [makeContainer('init')], containers: [makeContainer('a')] }))).toBe(300);
  });

  it('adds sidecars to the app containers, and to each init container after them', () => {
    const sidecar = (name: string) => makeContainer(name, { restartPolicy: 'Always' });
    // Running phase: a 100 + side 40 + side2 30 = 170; init phase: late 200 + side 40 = 240.
    expect(total(makePod({ initContainers: [sidecar('side'), makeContainer('late'), sidecar('side2')], containers: [makeContainer('a')] }))).toBe(240);
    // init 300 runs before any sidecar: 300.
    expect(total(makePod({ initContainers: [makeContainer('init'), sidecar('side')], containers: [makeContainer('a')] }))).toBe(300);
    expect(total(makePod({ initContainers: [sidecar('side'), sidecar('side2')], containers: [makeContainer('a'), makeContainer('b')] }))).toBe(220);
  });
});
