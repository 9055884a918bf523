import type { Container, Pod } from '../api/pod-types.js';
import type { PodStatus } from '../api/pod-status-types.js';

export type QosClass = NonNullable<PodStatus['qosClass']>;

const QOS_RESOURCES = ['cpu', 'memory'] as const;

/**
 * A quantity (`250m`, `1.5Gi`, `1e3`) as an exact count of nano-units, rounded up; undefined when
 * it does not parse. Minimal on purpose: only QoS needs to compare and add quantities here.
 * (apimachinery pkg/api/resource/quantity.go; `src/api/quantity.ts` did not exist when this was written.)
 */
export function quantityToNano(text: string): bigint | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE]?)$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const [, sign, whole = '', frac = '', suffix = ''] = m;
  let scaled = BigInt(whole + frac || '0');
  let exp10 = 9 - frac.length;
  const binary = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'].indexOf(suffix);
  if (binary >= 0) scaled *= 1n << BigInt(10 * (binary + 1));
  else if (/^[eE].+/.test(suffix)) exp10 += Number(suffix.slice(1));
  else exp10 += { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }[suffix] ?? 0;
  let nano: bigint;
  if (exp10 >= 0) nano = scaled * 10n ** BigInt(exp10);
  else {
    const div = 10n ** BigInt(-exp10);
    nano = (scaled + div - 1n) / div;
  }
  return sign === '-' ? -nano : nano;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`; unparsable counts as zero. */
export function compareQuantities(a: string, b: string): number {
  const x = quantityToNano(a) ?? 0n;
  const y = quantityToNano(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

function positive(quantity: string | undefined): bigint | undefined {
  if (quantity === undefined) return undefined;
  const n = quantityToNano(quantity);
  return n !== undefined && n > 0n ? n : undefined;
}

function addTo(sums: Map<string, bigint>, name: string, value: bigint | undefined): void {
  if (value !== undefined) sums.set(name, (sums.get(name) ?? 0n) + value);
}

/**
 * k8s `ComputePodQOS` (pkg/apis/core/v1/helper/qos/qos.go) over init and app containers, cpu and
 * memory only, zero counting as unset. Requests default to limits, as API defaulting does.
 */
export function computeQosClass(pod: Pod): QosClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  const all: Container[] = [...pod.spec.containers, ...pod.spec.initContainers];
  for (const c of all) {
    for (const name of QOS_RESOURCES) {
      const limit = positive(c.resources.limits[name]);
      addTo(requests, name, positive(c.resources.requests[name] ?? c.resources.limits[name]));
      addTo(limits, name, limit);
      if (limit === undefined) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed && requests.size === limits.size && [...requests].every(([name, req]) => limits.get(name) === req)) {
    return 'Guaranteed';
  }
  return 'Burstable';
}
