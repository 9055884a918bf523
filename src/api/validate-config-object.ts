import { configKeyErrors } from './config-key.js';
import type { ConfigObject } from './config-object-types.js';
import { fieldError, formatPath, type FieldProblem } from './field-path.js';
import { dns1123SubdomainErrors } from './name-validation.js';
import { invalid, validateMetadata } from './validate-metadata.js';

/**
 * k8s `pkg/apis/core/validation/validation.go` `ValidateConfigMap` / `ValidateSecret`: a DNS
 * subdomain name, config keys, data and binaryData disjoint, 1 MiB in all (`MaxSecretSize`), and
 * the keys each built-in Secret type requires.
 */

export const MAX_CONFIG_OBJECT_BYTES = 1024 * 1024;

/** Keys each built-in Secret type must have (`ValidateSecret`): every one, or (basic-auth) any one. */
const REQUIRED_KEYS: Record<string, { keys: string[]; any?: boolean }> = {
  'kubernetes.io/dockercfg': { keys: ['.dockercfg'] },
  'kubernetes.io/dockerconfigjson': { keys: ['.dockerconfigjson'] },
  'kubernetes.io/basic-auth': { keys: ['username', 'password'], any: true },
  'kubernetes.io/ssh-auth': { keys: ['ssh-privatekey'] },
  'kubernetes.io/tls': { keys: ['tls.crt', 'tls.key'] },
};

export function validateConfigObject(object: ConfigObject): FieldProblem[] {
  const { metadata } = object;
  const problems: FieldProblem[] = [];
  if (metadata.name === '') problems.push(fieldError('metadata.name', `required: every ${object.kind} needs a name`));
  else for (const e of dns1123SubdomainErrors(metadata.name)) problems.push(invalid('metadata.name', metadata.name, e));
  const meta = validateMetadata({ ...metadata, name: 'x', uid: '' });
  problems.push(...meta);
  let total = 0;
  const data: Record<string, string | Buffer> = object.data;
  for (const [key, value] of Object.entries(data)) {
    for (const e of configKeyErrors(key)) problems.push(invalid(formatPath(['data', key]), key, e));
    total += typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
  }
  if (object.kind === 'ConfigMap') {
    for (const [key, value] of Object.entries(object.binaryData)) {
      for (const e of configKeyErrors(key)) problems.push(invalid(formatPath(['binaryData', key]), key, e));
      if (key in object.data) problems.push(invalid(formatPath(['binaryData', key]), key, 'duplicate of key present in data'));
      total += value.length;
    }
  }
  if (total > MAX_CONFIG_OBJECT_BYTES)
    problems.push(fieldError(object.kind === 'Secret' ? 'data' : '', `Too long: may not be more than ${MAX_CONFIG_OBJECT_BYTES} bytes (has ${total})`));
  if (object.kind === 'Secret') problems.push(...secretTypeProblems(object.type, object.data, metadata.annotations));
  return problems;
}

function secretTypeProblems(type: string, data: Record<string, Buffer>, annotations: Record<string, string>): FieldProblem[] {
  if (type === 'kubernetes.io/service-account-token') {
    const key = 'kubernetes.io/service-account.name';
    return annotations[key] ? [] : [fieldError(formatPath(['metadata', 'annotations', key]), 'required')];
  }
  const rule = REQUIRED_KEYS[type];
  if (!rule) return [];
  const missing = rule.keys.filter((k) => !(k in data));
  const enough = missing.length === 0 || (rule.any === true && missing.length < rule.keys.length);
  const problems = enough ? [] : missing.map((k) => fieldError(formatPath(['data', k]), `required for a Secret of type ${type}`));
  if (type === 'kubernetes.io/ssh-auth' && data['ssh-privatekey']?.length === 0)
    problems.push(fieldError(formatPath(['data', 'ssh-privatekey']), 'required: must not be empty'));
  for (const k of ['.dockercfg', '.dockerconfigjson']) {
    const bytes = rule.keys.includes(k) ? data[k] : undefined;
    if (bytes && !isJson(bytes)) problems.push(fieldError(formatPath(['data', k]), 'invalid value "<secret contents redacted>": must be well-formed JSON'));
  }
  return problems;
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
