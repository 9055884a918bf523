/**
 * The tag and digest of an image reference, as the kubelet's `parsers.ParseImageName` sees them:
 * `nginx` → tag `latest`; `nginx:1.25` → `1.25`; `nginx@sha256:…` → digest, no tag;
 * `localhost:5000/app` → the `:5000` is a registry port, not a tag.
 */
export interface ImageTagAndDigest {
  tag?: string;
  digest?: string;
}

export function imageTagAndDigest(image: string): ImageTagAndDigest {
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  if (tag === undefined && digest === undefined) return { tag: 'latest' };
  return { ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `imagePullPolicy` when the manifest leaves it out (k8s `pkg/apis/core/v1/defaults.go` `SetDefaults_Container`). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTagAndDigest(image).tag === 'latest' ? 'Always' : 'IfNotPresent';
}
