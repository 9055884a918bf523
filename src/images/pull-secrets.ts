import type { ConfigLookup } from '../api/config-object-types.js';
import type { Pod } from '../api/pod-types.js';
import { type RegistryAuth, credentialsFor, parseDockerConfig } from './registry-credentials.js';

/** What a pod's `imagePullSecrets` give for one image: the credentials, and the secrets that could not be read. */
export interface PullSecretCredentials {
  auth: RegistryAuth | undefined;
  /** `namespace/name` of each secret missing or not holding registry credentials. */
  unusable: string[];
}

/**
 * The kubelet's pod keyring (pkg/credentialprovider/secrets `MakeDockerKeyring`): the pod's
 * `imagePullSecrets`, in order, are read from the Secrets of its namespace (here: of the manifest
 * directory): `kubernetes.io/dockerconfigjson` (`.dockerconfigjson`, a config.json) or the legacy
 * `kubernetes.io/dockercfg` (`.dockercfg`, the `auths` object alone). The first that names the
 * image's registry wins; the node's credentials come after them. A secret that cannot be read does
 * not stop the pull (the kubelet warns and tries), it is reported.
 */
export function pullSecretCredentials(pod: Pod, lookup: ConfigLookup | undefined, image: string): PullSecretCredentials {
  const unusable: string[] = [];
  let auth: RegistryAuth | undefined;
  for (const { name } of pod.spec.imagePullSecrets ?? []) {
    const ref = `${pod.metadata.namespace}/${name}`;
    const secret = lookup?.secret(pod.metadata.namespace, name);
    const json = secret?.data['.dockerconfigjson']?.toString('utf8');
    const legacy = secret?.data['.dockercfg']?.toString('utf8');
    const text = json ?? (legacy !== undefined ? `{"auths":${legacy}}` : undefined);
    const parsed = text !== undefined ? parseDockerConfig(text, `secret ${ref}`) : undefined;
    if (!parsed?.ok) {
      unusable.push(ref);
      continue;
    }
    auth ??= credentialsFor(parsed.auths, image);
  }
  return { auth, unusable };
}
