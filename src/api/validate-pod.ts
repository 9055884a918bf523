import { fieldError, type FieldProblem } from './field-path.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from './name-validation.js';
import type { Container, Pod } from './pod-types.js';
import { validateContainer } from './validate-container.js';
import { invalid, validateMetadata } from './validate-metadata.js';
import { validatePodResources } from './validate-pod-resources.js';
import { validatePodSecurity } from './validate-security.js';
import { validateSecurityProfiles } from './validate-security-profiles.js';
import { validateVolumes } from './validate-volumes.js';

/**
 * Validation of a defaulted Pod, after k8s `pkg/apis/core/validation/validation.go`
 * (`ValidatePodCreate`) for the fields minikubelet supports. Returns every problem, not the first;
 * errors mean the pod must not run, warnings are advice.
 */
export function validatePod(pod: Pod): FieldProblem[] {
  const { spec } = pod;
  const problems = validateMetadata(pod.metadata);
  const containerNames = new Set([...spec.initContainers, ...spec.containers].map((c) => c.name));
  problems.push(...validateVolumes(spec.volumes, containerNames));
  if (spec.containers.length === 0) problems.push(fieldError('spec.containers', 'required: a pod needs at least one container'));
  const volumeNames = new Set(spec.volumes.map((v) => v.name));
  const common = { volumeNames, podGracePeriod: spec.terminationGracePeriodSeconds, hostNetwork: spec.hostNetwork };
  spec.initContainers.forEach((c, i) => {
    problems.push(...validateContainer(c, { ...common, path: `spec.initContainers[${i}]`, init: true }));
  });
  spec.containers.forEach((c, i) => {
    problems.push(...validateContainer(c, { ...common, path: `spec.containers[${i}]`, init: false }));
  });
  problems.push(...duplicateContainerNames(spec.initContainers, spec.containers));
  problems.push(...hostPortConflicts(spec.containers));
  if (spec.terminationGracePeriodSeconds < 0)
    problems.push(invalid('spec.terminationGracePeriodSeconds', spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > 2147483647))
    problems.push(invalid('spec.activeDeadlineSeconds', deadline, 'must be between 1 and 2147483647, inclusive'));
  problems.push(...validatePodSecurity(spec));
  problems.push(...validateSecurityProfiles(pod));
  problems.push(...validatePodResources(spec));
  if (spec.hostname !== undefined)
    for (const e of dns1123LabelErrors(spec.hostname)) problems.push(invalid('spec.hostname', spec.hostname, e));
  if (spec.subdomain !== undefined && spec.subdomain !== '')
    for (const e of dns1123LabelErrors(spec.subdomain)) problems.push(invalid('spec.subdomain', spec.subdomain, e));
  if (spec.runtimeClassName !== undefined)
    for (const e of dns1123SubdomainErrors(spec.runtimeClassName)) problems.push(invalid('spec.runtimeClassName', spec.runtimeClassName, e));
  return problems;
}

/** Names are unique across init and app containers (they share the `k8s_<name>_…` Docker namespace). */
function duplicateContainerNames(initContainers: Container[], containers: Container[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const firstPath = new Map<string, string>();
  const all = [
    ...initContainers.map((c, i) => ({ c, path: `spec.initContainers[${i}]` })),
    ...containers.map((c, i) => ({ c, path: `spec.containers[${i}]` })),
  ];
  for (const { c, path } of all) {
    const first = firstPath.get(c.name);
    if (first !== undefined && c.name !== '')
      problems.push(fieldError(`${path}.name`, `duplicate name ${JSON.stringify(c.name)} (already used by ${first})`));
    else firstPath.set(c.name, path);
  }
  return problems;
}

/** Two app containers may not publish the same host port (k8s `checkHostPortConflicts`). */
function hostPortConflicts(containers: Container[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const used: Array<{ hostIP: string; protocol: string; hostPort: number; path: string }> = [];
  containers.forEach((c, i) => {
    c.ports.forEach((port, j) => {
      if (port.hostPort === undefined || port.hostPort === 0) return;
      const path = `spec.containers[${i}].ports[${j}]`;
      const hostIP = port.hostIP === undefined || port.hostIP === '0.0.0.0' ? '' : port.hostIP;
      const clash = used.find(
        (u) => u.hostPort === port.hostPort && u.protocol === port.protocol && (u.hostIP === '' || hostIP === '' || u.hostIP === hostIP),
      );
      if (clash)
        problems.push(
          fieldError(`${path}.hostPort`, `duplicate hostPort ${port.hostPort}/${port.protocol} (already used by ${clash.path})`),
        );
      else used.push({ hostIP, protocol: port.protocol, hostPort: port.hostPort, path });
    });
  });
  return problems;
}
