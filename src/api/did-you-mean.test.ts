import { describe, expect, it } from 'vitest';
import { closestName } from './did-you-mean.js';

const CONTAINER_FIELDS = ['name', 'image', 'command', 'args', 'workingDir', 'env', 'ports', 'volumeMounts', 'imagePullPolicy', 'livenessProbe'];

describe('closestName', () => {
  it.each([
    ['workdir', 'workingDir'],
    ['WorkingDir', 'workingDir'],
    ['image_pull_policy', 'imagePullPolicy'],
    ['volumemount', 'volumeMounts'],
    ['port', 'ports'],
    ['liveness-probe', 'livenessProbe'],
    ['imag', 'image'],
  ])('suggests %s → %s', (typo, expected) => {
    expect(closestName(typo, CONTAINER_FIELDS)).toBe(expected);
  });

  it.each(['securityContext', 'x', 'resourcesLimits'])('does not guess for %s', (name) => {
    expect(closestName(name, CONTAINER_FIELDS)).toBeUndefined();
  });
});
