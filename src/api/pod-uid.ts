import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { Pod } from './pod-types.js';
import type { WrittenForm } from './written-form.js';

/**
 * The UID of a static pod: derived from what the manifest wrote (`written-form.ts`: no labels, no
 * annotations, no field whose value the defaults would give), the node and the file, so that an
 * agent restart or upgrade finds the same pods, any edit of the spec gives a new UID (delete +
 * create), and whitespace, key order, spelling out a default, a default a new version adds, or a
 * relabel change nothing.
 *
 * The kubelet (k8s `pkg/kubelet/config/common.go` `applyDefaults`) hashes with FNV-128a over Go's
 * `%#v` printing of its defaulted internal pod struct, labels included, then `host:<node>` and
 * `file:<path>`. That printing cannot be reproduced outside Go, so kubelet-identical UIDs are out of
 * reach anyway; we hash the same three inputs with SHA-256 over canonical JSON (sorted keys) and
 * shape the first 128 bits as a UUID (8-4-4-4-12 lowercase hex). A `metadata.uid` written in the
 * manifest is kept as is.
 */
export function computePodUid(written: WrittenForm, pinnedUid: string, nodeName: string, file: string): string {
  if (pinnedUid !== '') return pinnedUid;
  return uuidOf(createHash('sha256').update(canonicalJson(written)).update(`host:${nodeName}`).update(`file:${file}`).digest('hex'));
}

/**
 * The UID minikubelet 0.1 (up to commit 8db7393) gave the same pod: the defaulted pod, labels and
 * annotations included. Kept only to adopt the pods such an agent started (`uid-adoption.ts`).
 */
export function legacyPodUid(defaulted: Pod, nodeName: string, file: string): string {
  const { uid: _uid, ...metadata } = defaulted.metadata;
  return uuidOf(
    createHash('sha256').update(canonicalJson({ ...defaulted, metadata })).update(`host:${nodeName}`).update(`file:${file}`).digest('hex'),
  );
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
