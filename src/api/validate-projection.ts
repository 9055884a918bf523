import { VOLUME_FIELD_PATHS } from './downward-paths.js';
import { fieldError, type FieldProblem } from './field-path.js';
import type { Volume } from './pod-types.js';
import type { DownwardAPIVolumeFile, KeyToPath, ServiceAccountTokenProjection } from './projection-types.js';
import { validateFieldRef, validateResourceFieldRef } from './validate-env.js';
import { invalid } from './validate-metadata.js';

/**
 * configMap, secret, downwardAPI and projected volume sources (k8s validation.go
 * `validateConfigMapVolumeSource`, `validateSecretVolumeSource`, `validateDownwardAPIVolumeSource`,
 * `validateProjectedVolumeSource`, `validateKeyToPath`, `validateLocalNonReservedPath`).
 */

const MODE_RANGE = 'must be a number between 0 and 0777 (octal), both inclusive';

export function validateProjectedSources(volume: Volume, path: string, containerNames: ReadonlySet<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { configMap, secret, downwardAPI, projected } = volume;
  if (configMap) {
    if (configMap.name === '') problems.push(fieldError(`${path}.configMap.name`, 'required'));
    problems.push(...mode(configMap.defaultMode, `${path}.configMap.defaultMode`), ...keyItems(configMap.items, `${path}.configMap.items`));
  }
  if (secret) {
    if (secret.secretName === '') problems.push(fieldError(`${path}.secret.secretName`, 'required'));
    problems.push(...mode(secret.defaultMode, `${path}.secret.defaultMode`), ...keyItems(secret.items, `${path}.secret.items`));
  }
  if (downwardAPI) {
    problems.push(...mode(downwardAPI.defaultMode, `${path}.downwardAPI.defaultMode`));
    problems.push(...downwardItems(downwardAPI.items, `${path}.downwardAPI.items`, containerNames));
  }
  if (projected) {
    problems.push(...mode(projected.defaultMode, `${path}.projected.defaultMode`));
    const seen = new Set<string>();
    projected.sources.forEach((source, i) => {
      const at = `${path}.projected.sources[${i}]`;
      const kinds = (['configMap', 'secret', 'downwardAPI', 'serviceAccountToken'] as const).filter((k) => source[k] !== undefined);
      if (kinds.length !== 1) problems.push(fieldError(at, kinds.length === 0 ? 'must specify exactly 1 source type' : 'may not specify more than 1 source type'));
      if (source.configMap?.name === '') problems.push(fieldError(`${at}.configMap.name`, 'required'));
      if (source.secret?.name === '') problems.push(fieldError(`${at}.secret.name`, 'required'));
      if (source.configMap) problems.push(...keyItems(source.configMap.items, `${at}.configMap.items`));
      if (source.secret) problems.push(...keyItems(source.secret.items, `${at}.secret.items`));
      if (source.downwardAPI) problems.push(...downwardItems(source.downwardAPI.items, `${at}.downwardAPI.items`, containerNames));
      const token = source.serviceAccountToken;
      if (token) {
        problems.push(...tokenProjection(token, `${at}.serviceAccountToken`));
        if (seen.has(token.path)) problems.push(invalid(`${at}.serviceAccountToken.path`, token.path, 'conflicting duplicate paths'));
        seen.add(token.path);
      }
      const items: Array<{ path: string }> = source.configMap?.items ?? source.secret?.items ?? source.downwardAPI?.items ?? [];
      items.forEach((item, j) => {
        if (seen.has(item.path)) problems.push(invalid(`${at}.${kinds[0] ?? 'configMap'}.items[${j}].path`, item.path, 'conflicting duplicate paths'));
        seen.add(item.path);
      });
    });
  }
  return problems;
}

/** k8s `validateProjectionSources`: a service account token's lifetime and path. */
function tokenProjection(token: ServiceAccountTokenProjection, path: string): FieldProblem[] {
  const problems = localNonReservedPath(token.path, `${path}.path`);
  if (token.expirationSeconds < 600) problems.push(invalid(`${path}.expirationSeconds`, token.expirationSeconds, 'may not specify a duration less than 10 minutes'));
  else if (token.expirationSeconds > 2 ** 32) problems.push(invalid(`${path}.expirationSeconds`, token.expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  return problems;
}

function mode(value: number | undefined, path: string): FieldProblem[] {
  return value !== undefined && (value < 0 || value > 0o777) ? [invalid(path, value, MODE_RANGE)] : [];
}

function keyItems(items: KeyToPath[] | undefined, path: string): FieldProblem[] {
  return (items ?? []).flatMap((item, i) => {
    const at = `${path}[${i}]`;
    const problems = item.key === '' ? [fieldError(`${at}.key`, 'required')] : [];
    return [...problems, ...localNonReservedPath(item.path, `${at}.path`), ...mode(item.mode, `${at}.mode`)];
  });
}

function downwardItems(items: DownwardAPIVolumeFile[], path: string, containerNames: ReadonlySet<string>): FieldProblem[] {
  return items.flatMap((item, i) => {
    const at = `${path}[${i}]`;
    const problems = [...localNonReservedPath(item.path, `${at}.path`), ...mode(item.mode, `${at}.mode`)];
    if (item.fieldRef && item.resourceFieldRef) problems.push(fieldError(at, 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    else if (!item.fieldRef && !item.resourceFieldRef) problems.push(fieldError(at, 'one of fieldRef and resourceFieldRef is required'));
    if (item.fieldRef) problems.push(...validateFieldRef(item.fieldRef, `${at}.fieldRef`, VOLUME_FIELD_PATHS));
    const resource = item.resourceFieldRef;
    if (resource) {
      const name = resource.containerName ?? '';
      if (name === '') problems.push(fieldError(`${at}.resourceFieldRef.containerName`, 'required'));
      else if (!containerNames.has(name))
        problems.push(invalid(`${at}.resourceFieldRef.containerName`, name, 'must name a container of this pod'));
      problems.push(...validateResourceFieldRef(resource, `${at}.resourceFieldRef`));
    }
    return problems;
  });
}

/** Relative, no `..` element, no `..` prefix (the atomic writer's `..data` and timestamped dirs). */
function localNonReservedPath(value: string, path: string): FieldProblem[] {
  if (value === '') return [fieldError(path, 'required')];
  const problems: FieldProblem[] = [];
  if (value.startsWith('/')) problems.push(invalid(path, value, 'must be a relative path'));
  if (value.split('/').includes('..')) problems.push(invalid(path, value, "must not contain '..'"));
  else if (value.startsWith('..')) problems.push(invalid(path, value, "must not start with '..'"));
  return problems;
}
