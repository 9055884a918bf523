/**
 * Checks of `run` values shared by the command line and the `--config` file, so both accept and
 * refuse the same things with the same words.
 */
import { isIP } from 'node:net';
import { dns1123SubdomainErrors } from '../api/name-validation.js';
import { memoryToBytes, type QuantityResult } from '../api/quantity.js';

/** kubelet `containerLogMaxSize`: a byte quantity such as `10Mi`. */
export function parseContainerLogMaxSize(text: string): QuantityResult<number> {
  const bytes = memoryToBytes(text);
  if (!bytes.ok) return bytes;
  if (bytes.value < 1) return { ok: false, error: 'must be a positive quantity of bytes, such as 10Mi' };
  return bytes;
}

/** The kubelet refuses fewer than 2 files (`containerLogMaxFiles must be greater than 1`). */
export function checkContainerLogMaxFiles(n: number): string | undefined {
  return Number.isInteger(n) && n >= 2 ? undefined : 'must be an integer of at least 2';
}

export function checkPort(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? undefined : 'must be a port number from 0 to 65535';
}

export function checkListenAddress(text: string): string | undefined {
  return isIP(text) !== 0 ? undefined : 'must be an IP address (127.0.0.1, or 0.0.0.0 for every interface)';
}

/** The kubelet's clusterDomain is a DNS-1123 subdomain (`cluster.local`). */
export function checkClusterDomain(text: string): string | undefined {
  const errors = dns1123SubdomainErrors(text);
  return errors.length === 0 ? undefined : errors.join('; ');
}
