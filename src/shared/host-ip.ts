import { networkInterfaces } from 'node:os';

/** The node's IP as pods see it (status.hostIP): the first non-internal IPv4 address. */
export function detectHostIP(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
