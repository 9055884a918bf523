import type { Pod } from '../api/pod-types.js';

/** The Linux nodename field holds 64 characters (kubelet `GetNodenameForKernel`). */
const FQDN_MAX_LENGTH = 64;

/**
 * The pod's hostname (kubelet `GeneratePodHostNameAndDomain`): spec.hostname, else the pod name,
 * cut to 63 characters with trailing `-`/`.` removed.
 */
export function podHostname(pod: Pod): string {
  return (pod.spec.hostname ?? pod.metadata.name).slice(0, 63).replace(/[-.]+$/, '');
}

/** `<subdomain>.<namespace>.svc.<cluster domain>` when the pod has a subdomain, else undefined. */
export function podHostDomain(pod: Pod, clusterDomain: string): string | undefined {
  if (!pod.spec.subdomain) return undefined;
  return `${pod.spec.subdomain}.${pod.metadata.namespace}.svc.${clusterDomain}`;
}

/** What the sandbox's UTS namespace gets: Docker's `Hostname` and `Domainname`. */
export interface SandboxHostnames {
  hostname: string;
  domainname?: string;
}

/**
 * The kernel hostname (kubelet `GetNodenameForKernel`): the short name, or with setHostnameAsFQDN
 * and a subdomain the FQDN, which must fit in 64 characters. The domain goes to Docker's
 * `Domainname`, so the engine's /etc/hosts maps the pod IP to `<fqdn> <hostname>` as the kubelet's does.
 */
export function sandboxHostnames(pod: Pod, clusterDomain: string): SandboxHostnames {
  const hostname = podHostname(pod);
  const domain = podHostDomain(pod, clusterDomain);
  if (domain === undefined) return { hostname };
  if (!pod.spec.setHostnameAsFQDN) return { hostname, domainname: domain };
  const fqdn = `${hostname}.${domain}`;
  if (fqdn.length > FQDN_MAX_LENGTH) {
    throw new Error(
      `failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long ` +
        `(${FQDN_MAX_LENGTH} characters is the max, ${fqdn.length} characters requested)`,
    );
  }
  return { hostname: fqdn };
}
