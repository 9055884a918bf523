/**
 * Which names in the manifest directory are manifests. The kubelet reads every non-dot file
 * (k8s `pkg/kubelet/config/file.go`), so `pod.yaml.bak` or `pod.yaml~` silently become a second
 * pod; minikubelet reads only `*.yaml`, `*.yml` and `*.json` (a deliberate difference,
 * KUBELET-SEMANTICS "Where we deliberately differ").
 */

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
const LEFTOVER_EXTENSIONS = ['.swp', '.swx', '.bak', '.orig', '.rej', '.tmp'];

/** Why `name` is not read as a manifest, or undefined when it is one. */
export function ignoredReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (name.startsWith('.')) return 'hidden file (name starts with a dot)';
  if (name.endsWith('~')) return 'editor backup file (name ends with ~)';
  if (name.startsWith('#') && name.endsWith('#')) return 'editor autosave file (#name#)';
  const leftover = LEFTOVER_EXTENSIONS.find((ext) => lower.endsWith(ext));
  if (leftover !== undefined) return `editor or backup leftover (*${leftover}); only *.yaml, *.yml and *.json files are read`;
  if (!MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length))
    return 'not a manifest: only *.yaml, *.yml and *.json files are read';
  return undefined;
}

export function isManifestFileName(name: string): boolean {
  return ignoredReason(name) === undefined;
}
