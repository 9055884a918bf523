import { fieldError, type FieldProblem } from './field-path.js';
import { dns1123LabelErrors } from './name-validation.js';
import type { Container, Volume } from './pod-types.js';
import { isNegativeQuantity, parseQuantity } from './quantity.js';
import { invalid } from './validate-metadata.js';
import { validateProjectedSources } from './validate-projection.js';

/** `spec.volumes` and `volumeMounts` (k8s `ValidateVolumes`, `ValidateVolumeMounts`). */

const VOLUME_TYPES = ['emptyDir', 'hostPath', 'configMap', 'secret', 'downwardAPI', 'projected'] as const;

export function validateVolumes(volumes: Volume[], containerNames: ReadonlySet<string> = new Set()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  volumes.forEach((volume, i) => {
    const path = `spec.volumes[${i}]`;
    if (volume.name === '') problems.push(fieldError(`${path}.name`, 'required'));
    else for (const e of dns1123LabelErrors(volume.name)) problems.push(invalid(`${path}.name`, volume.name, e));
    if (seen.has(volume.name)) problems.push(fieldError(`${path}.name`, `duplicate name ${JSON.stringify(volume.name)}`));
    seen.add(volume.name);
    const types = VOLUME_TYPES.filter((t) => volume[t] !== undefined);
    if (types.length > 1)
      problems.push(fieldError(path, `may not specify more than 1 volume type (has ${types.slice(0, -1).join(', ')} and ${types.at(-1)})`));
    problems.push(...validateProjectedSources(volume, path, containerNames));
    const sizeLimit = volume.emptyDir?.sizeLimit;
    if (sizeLimit !== undefined) {
      const parsed = parseQuantity(sizeLimit);
      if (!parsed.ok) problems.push(invalid(`${path}.emptyDir.sizeLimit`, sizeLimit, parsed.error));
      else if (isNegativeQuantity(parsed.value))
        problems.push(invalid(`${path}.emptyDir.sizeLimit`, sizeLimit, 'must be greater than or equal to 0'));
    }
    const mode = volume.emptyDir?.mode;
    if (mode !== undefined && (mode < 0 || mode > 0o1777))
      problems.push(invalid(`${path}.emptyDir.mode`, mode, 'must be a number between 0 and 01777 (octal), both inclusive'));
    if (volume.hostPath) problems.push(...validateHostPath(volume.hostPath.path, `${path}.hostPath.path`));
  });
  return problems;
}

function validateHostPath(hostPath: string, path: string): FieldProblem[] {
  if (hostPath === '') return [fieldError(path, 'required')];
  const problems: FieldProblem[] = [];
  // Docker binds only absolute sources; a relative one would depend on the agent's working directory.
  if (!hostPath.startsWith('/')) problems.push(invalid(path, hostPath, 'must be an absolute path'));
  if (hasBacksteps(hostPath)) problems.push(invalid(path, hostPath, "must not contain '..'"));
  return problems;
}

/** One container's mounts, against the pod's volume names. */
export function validateVolumeMounts(container: Container, path: string, volumeNames: ReadonlySet<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const mountPaths = new Set<string>();
  container.volumeMounts.forEach((mount, i) => {
    const at = `${path}.volumeMounts[${i}]`;
    if (mount.name === '') problems.push(fieldError(`${at}.name`, 'required'));
    else if (!volumeNames.has(mount.name))
      problems.push(fieldError(`${at}.name`, `volume ${JSON.stringify(mount.name)} not found: define it in spec.volumes`));
    if (mount.mountPath === '') problems.push(fieldError(`${at}.mountPath`, 'required'));
    else if (!mount.mountPath.startsWith('/')) problems.push(invalid(`${at}.mountPath`, mount.mountPath, 'must be an absolute path'));
    const normalised = mount.mountPath.replace(/\/+$/, '') || '/';
    if (mount.mountPath !== '' && mountPaths.has(normalised))
      problems.push(fieldError(`${at}.mountPath`, `duplicate mountPath ${JSON.stringify(mount.mountPath)}: must be unique`));
    mountPaths.add(normalised);
    if (mount.subPath !== undefined && mount.subPath !== '') problems.push(...localDescendingPath(mount.subPath, `${at}.subPath`));
    if (mount.subPathExpr !== undefined && mount.subPathExpr !== '') {
      if (mount.subPath !== undefined && mount.subPath !== '')
        problems.push(invalid(`${at}.subPathExpr`, mount.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      problems.push(...localDescendingPath(mount.subPathExpr, `${at}.subPathExpr`));
    }
    // k8s `validateMountPropagation`: Bidirectional can leak mounts to the host, so it needs privileged.
    if (mount.mountPropagation === 'Bidirectional' && container.securityContext?.privileged !== true)
      problems.push(fieldError(`${at}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers'));
  });
  return problems;
}

/** k8s `validateLocalDescendingPath`: relative, and never above its start. */
function localDescendingPath(value: string, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (value.startsWith('/')) problems.push(invalid(path, value, 'must be a relative path'));
  if (hasBacksteps(value)) problems.push(invalid(path, value, "must not contain '..'"));
  return problems;
}

/** A `..` path element (k8s `validatePathNoBacksteps`); `a..b` is a plain name. */
function hasBacksteps(path: string): boolean {
  return path.split('/').includes('..');
}
