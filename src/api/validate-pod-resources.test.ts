import { describe, expect, it } from 'vitest';
import { decodePod } from './decode-pod.js';
import { applyPodDefaults } from './defaults.js';
import { validatePod } from './validate-pod.js';

type List = Record<string, string>;
type Requirements = { limits?: List; requests?: List };

/** Every problem of a pod with these pod-level resources and one app container per entry. */
function problems(resources: Requirements, containers: Requirements[] = [{}], initContainers: Requirements[] = []): string[] {
  const decoded = decodePod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      resources,
      containers: containers.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })),
      initContainers: initContainers.map((r, i) => ({ name: `i${i}`, image: 'x', resources: r })),
    },
  });
  if (!decoded.manifest) throw new Error(`did not decode: ${JSON.stringify(decoded.problems)}`);
  return [...decoded.problems, ...validatePod(applyPodDefaults(decoded.manifest))].map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

describe('validatePod: pod-level resources (k8s validatePodResources, 1.34)', () => {
  it.each<[string, Requirements, Requirements[]]>([
    ['pod limits only', { limits: { cpu: '1', memory: '256Mi' } }, [{}, {}]],
    ['pod requests and limits around the containers', { requests: { cpu: '500m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } }, [{ requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1' } }, {}]],
    ['container limits may add up beyond the pod limit', { limits: { cpu: '1' } }, [{ limits: { cpu: '500m' } }, { limits: { cpu: '800m' } }].map((r) => ({ ...r, requests: { cpu: '100m' } }))],
    ['pod requests only', { requests: { memory: '64Mi' } }, [{}]],
    ['hugepages beside memory, request equal to limit', { requests: { memory: '64Mi', 'hugepages-2Mi': '4Mi' }, limits: { 'hugepages-2Mi': '4Mi' } }, [{}]],
    ['container requests for resources the pod level does not take', { requests: { cpu: '1' } }, [{ requests: { cpu: '500m', 'ephemeral-storage': '1Gi' } }]],
  ])('accepts %s', (_name, resources, containers) => {
    expect(problems(resources, containers)).toEqual([]);
  });

  it.each<[string, Requirements, Requirements[], Requirements[], string]>([
    ['an unsupported resource', { limits: { 'ephemeral-storage': '1Gi' } }, [{}], [], 'error spec.resources.limits.ephemeral-storage: unsupported value "ephemeral-storage": supported values: "cpu", "hugepages-", "memory"'],
    ['a misspelt resource', { requests: { Memory: '1Gi' } }, [{}], [], 'error spec.resources.requests.Memory: unsupported value "Memory": supported values: "cpu", "hugepages-", "memory" (did you mean memory?)'],
    ['an invalid quantity, reported once though the request defaults to it', { limits: { cpu: '1 core' } }, [{}], [], 'error spec.resources.limits.cpu: invalid value "1 core": quantities must match'],
    ['a negative quantity', { requests: { memory: '-1Mi' } }, [{}], [], 'error spec.resources.requests.memory: invalid value "-1Mi": must be greater than or equal to 0'],
    ['a request above the limit', { requests: { cpu: '2' }, limits: { cpu: '1' } }, [{}], [], 'error spec.resources.requests.cpu: invalid value "2": must be less than or equal to cpu limit of 1'],
    [
      'container requests defaulted from their limits above the pod limit (KEP-2837 example 2)',
      { limits: { memory: '100Gi' } },
      [{ limits: { memory: '60Gi' } }, { limits: { memory: '60Gi' } }],
      [],
      'error spec.resources.requests.memory: invalid value "120Gi": must be less than or equal to memory limit of 100Gi',
    ],
    ['pod requests below the containers\' aggregate', { requests: { cpu: '300m' } }, [{ requests: { cpu: '200m' } }, { requests: { cpu: '200m' } }], [], 'error spec.resources.requests.cpu: invalid value "300m": must be greater than or equal to aggregate container requests of 400m'],
    ['an init container above the pod request', { requests: { cpu: '300m' } }, [{}], [{ requests: { cpu: '1' } }], 'error spec.resources.requests.cpu: invalid value "300m": must be greater than or equal to aggregate container requests of 1'],
    ['a container requesting memory the pod request leaves out', { requests: { cpu: '1' } }, [{ requests: { memory: '64Mi' } }], [], 'error spec.resources.requests.memory: invalid value "0": must be greater than or equal to aggregate container requests of 64Mi'],
    ['a container limit above the pod limit', { limits: { cpu: '1' } }, [{ limits: { cpu: '2' }, requests: { cpu: '100m' } }], [], 'error spec.containers[0].resources.limits.cpu: invalid value "2": must be less than or equal to pod limits of 1'],
    ['hugepages alone', { limits: { 'hugepages-2Mi': '4Mi' } }, [{}], [], 'error spec.resources: forbidden: HugePages require cpu or memory'],
    ['a hugepages request below its limit', { requests: { cpu: '1', 'hugepages-2Mi': '2Mi' }, limits: { 'hugepages-2Mi': '4Mi' } }, [{}], [], 'error spec.resources.requests.hugepages-2Mi: invalid value "2Mi": must be equal to hugepages-2Mi limit of 4Mi'],
    ['a hugepages request without a limit', { requests: { cpu: '1', 'hugepages-2Mi': '2Mi' } }, [{}], [], 'error spec.resources.limits: required: Limit must be set for non overcommitable resources (hugepages-2Mi)'],
  ])('refuses %s', (_name, resources, containers, init, expected) => {
    expect(problems(resources, containers, init).join('\n')).toContain(expected);
  });

  it('warns about memory in thousandths of a byte, as for containers', () => {
    expect(problems({ limits: { memory: '512m' } })).toContain('warning spec.resources.limits.memory: "512m" means 512 thousandths of a byte; did you mean 512Mi?');
  });
});
