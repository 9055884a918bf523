import { parseManifest } from '../../../manifests/parse-manifest.js';
import type { Pod } from '../../../api/pod-types.js';
import type { WrittenSecurityFields } from '../../../api/written-security.js';

/** Test helper: a pod from a manifest's spec (and annotations), through the real parser. */
export interface ParsedTestPod {
  pod: Pod;
  written?: WrittenSecurityFields;
}

export const IMAGE = 'minikubelet/busybox:1.35';

/** The container context the restricted level asks for. */
export const RESTRICTED_CONTEXT = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export function parsePod(spec: Record<string, unknown>, annotations?: Record<string, string>): ParsedTestPod {
  const document = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...(annotations ? { annotations } : {}) }, spec };
  const parsed = parseManifest({ file: '/m/p.yaml', content: JSON.stringify(document), nodeName: 'n' });
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => `${e.path ?? ''}: ${e.message}`).join('\n'));
  const first = parsed.pods[0]!;
  return { pod: first.pod, ...(first.written ? { written: first.written } : {}) };
}

/** One app container `app` with the given fields. */
export function app(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'app', image: IMAGE, ...fields };
}
