import { type Ipv4Cidr, cidrAddress } from '../shared/ipv4-cidr.js';

/**
 * The nameserver of ClusterFirst pods: `--cluster-dns` when given, else the Service range's 10th
 * address (kubeadm's `10.96.0.10`), where the agent serves its cluster DNS.
 */
export function clusterDnsAddress(options: { serviceClusterIpRange: Ipv4Cidr; clusterDns?: string }): string {
  return options.clusterDns ?? cidrAddress(options.serviceClusterIpRange, 10) ?? cidrAddress(options.serviceClusterIpRange, 0)!;
}
