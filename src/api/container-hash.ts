import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { Container } from './pod-types.js';

/**
 * A stable hash of one container's spec (16 lowercase hex chars), stored on its Docker container so
 * a changed spec can be detected: the hash of what the manifest wrote of the container
 * (`written-form.ts`), so a default a new version adds or spells differently restarts nothing.
 * Unlike recent kubelets, which hash only name and image (k8s `pkg/kubelet/container/helpers.go`
 * `HashContainer`), it covers every written field: for a pod whose `metadata.uid` is pinned in the
 * manifest, editing `command` or `env` then restarts the container instead of silently keeping the
 * old one.
 */
export function hashWrittenContainer(written: unknown): string {
  return createHash('sha256').update(canonicalJson(written)).digest('hex').slice(0, 16);
}

/**
 * The hash minikubelet 0.1 (up to commit 8db7393) stored: the whole defaulted container. A running
 * container labelled with it is the same spec, not a changed one (upgrade adoption).
 */
export function legacyContainerHash(container: Container): string {
  return createHash('sha256').update(canonicalJson(container)).digest('hex').slice(0, 16);
}
