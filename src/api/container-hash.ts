import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { Container } from './pod-types.js';

/**
 * A stable hash of one container's spec (16 lowercase hex chars), stored on its Docker container so
 * a changed spec can be detected. Unlike recent kubelets, which hash only name and image (k8s
 * `pkg/kubelet/container/helpers.go` `HashContainer`), it covers the whole defaulted spec: for a
 * pod whose `metadata.uid` is pinned in the manifest, editing `command` or `env` then restarts the
 * container instead of silently keeping the old one. Key order does not matter (canonical JSON).
 */
export function hashContainer(container: Container): string {
  return createHash('sha256').update(canonicalJson(container)).digest('hex').slice(0, 16);
}
