/**
 * The file an object created through the API is written to: `<namespace>.<name>.<kind>.yaml`
 * (`default.web.pod.yaml`, `prod.settings.configmap.yaml`), in the manifest directory. Namespaces
 * and names are DNS labels and subdomains (no `/`, validated before any write), so the name is a
 * plain file name; the kind last keeps a pod and a ConfigMap of one name apart. Pure.
 */
export function apiManifestFileName(kind: string, namespace: string, name: string): string {
  return `${namespace}.${name}.${kind.toLowerCase()}.yaml`;
}
