import type { ServiceView, ServicesView } from './service-view.js';

/**
 * The Service environment variables of a new container (k8s `pkg/kubelet/envvars/envvars.go`
 * `FromServices`, chosen as `pkg/kubelet/kubelet_pods.go` `getServiceEnvVarMap` chooses): the
 * Services of the pod's namespace that have a virtual IP (not headless), when `enableServiceLinks`
 * is not false. The kubelet always adds the `kubernetes` Service of the `default` namespace, even
 * with links off: one node has no API server, so there is no such Service here and nothing is added
 * for it. Pure; the container's own env wins over these (`makeContainerEnv`).
 */
export function makeServiceEnv(view: ServicesView, namespace: string, enableServiceLinks: boolean | undefined): Map<string, string> {
  const env = new Map<string, string>();
  if (enableServiceLinks === false) return env;
  for (const service of view.services) {
    if (service.namespace !== namespace || service.clusterIP === 'None' || service.clusterIP === '' || service.ports.length === 0) continue;
    for (const [name, value] of fromService(service)) env.set(name, value);
  }
  return env;
}

/** `my-svc` → `MY_SVC`. */
function envName(text: string): string {
  return text.replaceAll('-', '_').toUpperCase();
}

function fromService(service: ServiceView): Array<[string, string]> {
  const prefix = envName(service.name);
  const ip = service.clusterIP;
  const first = service.ports[0]!;
  const out: Array<[string, string]> = [
    [`${prefix}_SERVICE_HOST`, ip],
    // The first port keeps the backwards-compatible name; every named one has its own.
    [`${prefix}_SERVICE_PORT`, String(first.port)],
  ];
  for (const p of service.ports) if (p.name !== '') out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  // Docker links (makeLinkVariables), the first port special-cased as Docker does.
  service.ports.forEach((p, i) => {
    const proto = p.protocol.toLowerCase();
    const url = `${proto}://${ip}:${p.port}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${p.port}_${p.protocol}`;
    out.push([portPrefix, url], [`${portPrefix}_PROTO`, proto], [`${portPrefix}_PORT`, String(p.port)], [`${portPrefix}_ADDR`, ip]);
  });
  return out;
}
