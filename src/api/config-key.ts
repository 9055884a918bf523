/**
 * Key names of ConfigMaps and Secrets (apimachinery `pkg/util/validation/validation.go`
 * `IsConfigMapKey`): they become file names in volumes, so `.`, `..` and a `..` prefix (the
 * atomic writer's own names) are refused.
 */
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY = new RegExp(`^${CONFIG_KEY_FMT}$`);

export function configKeyErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(value))
    errors.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or " +
        `'key_name', regex used for validation is '${CONFIG_KEY_FMT}')`,
    );
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}
