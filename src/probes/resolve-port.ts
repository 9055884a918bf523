import type { ContainerPort } from '../api/pod-types.js';

/**
 * A probe or hook port: a number, or the name of one of the container's `ports` (its
 * containerPort), or a number written as a string (kubelet pkg/kubelet/prober/prober.go
 * `extractPort`, pkg/kubelet/lifecycle/handlers.go `resolvePort`). Validation already rejects
 * unknown names; the error is for containers adopted from an older spec.
 */
export function resolvePort(port: number | string, ports: readonly ContainerPort[]): number | { error: string } {
  let value: number;
  if (typeof port === 'number') value = port;
  else {
    const named = ports.find((p) => p.name === port);
    value = named ? named.containerPort : /^\d+$/.test(port) ? Number(port) : NaN;
    if (Number.isNaN(value)) return { error: `port ${JSON.stringify(port)} not found in the container's ports` };
  }
  return value > 0 && value < 65536 ? value : { error: `invalid port number: ${value}` };
}
