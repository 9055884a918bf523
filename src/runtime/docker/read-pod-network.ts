import type Docker from 'dockerode';

/**
 * The pods' network: the IPv4 subnets of Docker's default `bridge` network, where sandboxes get
 * their IPs. Empty when the engine does not say (the Service range checks then rely on routes).
 */
export async function readPodNetwork(docker: Docker): Promise<string[]> {
  const network = (await docker.getNetwork('bridge').inspect().catch(() => undefined)) as { IPAM?: { Config?: { Subnet?: string }[] } } | undefined;
  return (network?.IPAM?.Config ?? []).flatMap((c) => (c.Subnet && !c.Subnet.includes(':') ? [c.Subnet] : []));
}
