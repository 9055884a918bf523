import { configKeyErrors } from './config-key.js';
import { BYTE_DIVISORS, CPU_DIVISORS, ENV_FIELD_PATHS, RESOURCE_FIELDS, subscriptedPath } from './downward-paths.js';
import { fieldError, type FieldProblem } from './field-path.js';
import { envVarNameErrors, qualifiedNameErrors } from './name-validation.js';
import type { Container } from './pod-types.js';
import type { KeySelector, ObjectFieldSelector, ResourceFieldSelector } from './projection-types.js';
import { compareQuantities, mustParseQuantity, parseQuantity } from './quantity.js';
import { invalid } from './validate-metadata.js';

/** `env[].valueFrom` and `envFrom` (k8s validation.go `validateEnvVarValueFrom`, `ValidateEnvFrom`). */

const ONE_OF_ENV = 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`';
const MORE_THAN_ONE = 'may not have more than one field specified at a time';

export function validateEnvSources(c: Container, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  c.env.forEach((env, i) => {
    const from = env.valueFrom;
    if (from === undefined) return;
    const at = `${path}.env[${i}].valueFrom`;
    if (env.value !== undefined && env.value !== '') problems.push(fieldError(at, 'may not be specified when `value` is not empty'));
    const count = [from.fieldRef, from.resourceFieldRef, from.configMapKeyRef, from.secretKeyRef].filter((s) => s !== undefined).length;
    if (count === 0) problems.push(fieldError(at, ONE_OF_ENV));
    if (count > 1) problems.push(fieldError(at, MORE_THAN_ONE));
    if (from.fieldRef) problems.push(...validateFieldRef(from.fieldRef, `${at}.fieldRef`, ENV_FIELD_PATHS));
    if (from.resourceFieldRef) problems.push(...validateResourceFieldRef(from.resourceFieldRef, `${at}.resourceFieldRef`));
    if (from.configMapKeyRef) problems.push(...validateKeySelector(from.configMapKeyRef, `${at}.configMapKeyRef`));
    if (from.secretKeyRef) problems.push(...validateKeySelector(from.secretKeyRef, `${at}.secretKeyRef`));
  });
  (c.envFrom ?? []).forEach((source, i) => {
    const at = `${path}.envFrom[${i}]`;
    if (source.prefix !== undefined && source.prefix !== '')
      for (const e of envVarNameErrors(source.prefix)) problems.push(invalid(`${at}.prefix`, source.prefix, e));
    const refs = (['configMapRef', 'secretRef'] as const).filter((r) => source[r] !== undefined);
    if (refs.length === 0) problems.push(fieldError(at, 'must specify one of: `configMapRef` or `secretRef`'));
    if (refs.length > 1) problems.push(fieldError(at, MORE_THAN_ONE));
    for (const ref of refs) if (source[ref]?.name === '') problems.push(fieldError(`${at}.${ref}.name`, 'required'));
  });
  return problems;
}

/** `fieldRef` in env (`allowed` = ENV_FIELD_PATHS) or in a downwardAPI volume (VOLUME_FIELD_PATHS). */
export function validateFieldRef(ref: ObjectFieldSelector, path: string, allowed: readonly string[]): FieldProblem[] {
  if (ref.apiVersion !== 'v1') return [invalid(`${path}.apiVersion`, ref.apiVersion, 'only apiVersion v1 is supported')];
  if (ref.fieldPath === '') return [fieldError(`${path}.fieldPath`, 'required')];
  const subscript = subscriptedPath(ref.fieldPath);
  if (subscript) {
    const key = subscript.field === 'annotations' ? subscript.key.toLowerCase() : subscript.key;
    return qualifiedNameErrors(key).map((e) => invalid(`${path}.fieldPath`, ref.fieldPath, e));
  }
  if (allowed.includes(ref.fieldPath)) return [];
  const supported = [...allowed, "metadata.labels['<KEY>']", "metadata.annotations['<KEY>']"].map((p) => JSON.stringify(p)).join(', ');
  return [fieldError(`${path}.fieldPath`, `Unsupported value: ${JSON.stringify(ref.fieldPath)}: supported values: ${supported}`)];
}

export function validateResourceFieldRef(ref: ResourceFieldSelector, path: string): FieldProblem[] {
  if (ref.resource === '') return [fieldError(`${path}.resource`, 'required')];
  if (!RESOURCE_FIELDS.includes(ref.resource))
    return [fieldError(`${path}.resource`, `Unsupported value: ${JSON.stringify(ref.resource)}: supported values: ${RESOURCE_FIELDS.map((r) => JSON.stringify(r)).join(', ')}`)];
  if (ref.divisor === undefined) return [];
  const parsed = parseQuantity(ref.divisor);
  if (!parsed.ok) return [invalid(`${path}.divisor`, ref.divisor, parsed.error)];
  if (parsed.value.numerator === 0n) return []; // zero means unset: a divisor of 1
  const cpu = ref.resource.endsWith('.cpu');
  const allowed = cpu ? CPU_DIVISORS : BYTE_DIVISORS;
  if (allowed.some((d) => compareQuantities(mustParseQuantity(d), parsed.value) === 0)) return [];
  const what = cpu ? 'the cpu resource' : ref.resource.endsWith('.memory') ? 'the memory resource' : 'the local ephemeral storage resource';
  return [invalid(`${path}.divisor`, ref.divisor, `only divisor's values ${allowed.join(', ')} are supported with ${what}`)];
}

function validateKeySelector(ref: KeySelector, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (ref.name === '') problems.push(fieldError(`${path}.name`, 'required'));
  if (ref.key === '') problems.push(fieldError(`${path}.key`, 'required'));
  else for (const e of configKeyErrors(ref.key)) problems.push(invalid(`${path}.key`, ref.key, e));
  return problems;
}
