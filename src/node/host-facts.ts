import { readFileSync } from 'node:fs';

/** Reported as the node's kubeletVersion. */
export const AGENT_VERSION = 'minikubelet/v0.1.0';

/** `PRETTY_NAME` from /etc/os-release, as the kubelet reports osImage. */
export function osImage(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}
