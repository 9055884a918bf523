/** A taint as the Node spec carries it. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * `--register-with-taints` items as the kubelet takes them (`key=value:Effect` or `key:Effect`,
 * k8s `pkg/util/taints/taints.go` `ParseTaints`); each bad one is an error naming it. Pure.
 */
export function parseTaints(items: readonly string[]): { taints: Taint[]; errors: string[] } {
  const taints: Taint[] = [];
  const errors: string[] = [];
  for (const item of items) {
    const colon = item.lastIndexOf(':');
    const effect = colon === -1 ? '' : item.slice(colon + 1);
    const keyValue = colon === -1 ? item : item.slice(0, colon);
    const eq = keyValue.indexOf('=');
    const key = eq === -1 ? keyValue : keyValue.slice(0, eq);
    const value = eq === -1 ? undefined : keyValue.slice(eq + 1);
    if (!EFFECTS.has(effect)) {
      errors.push(`--register-with-taints "${item}": the effect must be NoSchedule, PreferNoSchedule or NoExecute (key=value:Effect)`);
      continue;
    }
    if (!KEY.test(key) || key.length > 316) {
      errors.push(`--register-with-taints "${item}": "${key}" is not a valid taint key (a label key such as example.com/dedicated)`);
      continue;
    }
    taints.push({ key, ...(value !== undefined && value !== '' ? { value } : {}), effect: effect as Taint['effect'] });
  }
  return { taints, errors };
}
