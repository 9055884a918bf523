import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { Pod } from './pod-types.js';

/**
 * The UID of a static pod: derived from its content, the node and the file, so that an agent
 * restart finds the same pods and any edit to the decoded pod gives a new UID (delete + create),
 * while whitespace, comments, key order or spelling out a default changes nothing.
 *
 * The kubelet (k8s `pkg/kubelet/config/common.go` `applyDefaults`) hashes with FNV-128a over Go's
 * `%#v` printing of its internal pod struct, then `host:<node>` and `file:<path>`. That printing
 * cannot be reproduced outside Go, so kubelet-identical UIDs are out of reach anyway; we hash the
 * same three inputs with SHA-256 over canonical JSON (sorted keys) of the defaulted pod instead,
 * and shape the first 128 bits as a UUID (8-4-4-4-12 lowercase hex) so it reads like an API UID.
 * A `metadata.uid` written in the manifest is kept as is.
 */
export function computePodUid(pod: Pod, nodeName: string, file: string): string {
  if (pod.metadata.uid !== '') return pod.metadata.uid;
  const { uid: _uid, ...metadata } = pod.metadata;
  const hex = createHash('sha256')
    .update(canonicalJson({ ...pod, metadata }))
    .update(`host:${nodeName}`)
    .update(`file:${file}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
