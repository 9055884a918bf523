/**
 * Node-level registry credentials from a Docker `config.json` (`{"auths": {"<registry>": {"auth":
 * base64(user:pass)} | {"username", "password"}}}`), as the kubelet reads node credentials
 * (k8s `pkg/credentialprovider/config.go`): `--image-credentials`, and the `.dockerconfigjson` of a
 * pod's imagePullSecrets (`pull-secrets.ts`). Pure.
 */

export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

export type CredentialsResult = { ok: true; auths: Map<string, RegistryAuth> } | { ok: false; error: string };

const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `https://index.docker.io/v1/` → `docker.io`; `http://127.0.0.1:5000/x` → `127.0.0.1:5000`. */
export function normalizeRegistryKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
  return HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/**
 * The registry an image comes from: the first path component when it looks like a host (has a
 * `.` or `:`, or is `localhost`), else Docker Hub.
 */
export function registryOfImage(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = image.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return normalizeRegistryKey(first);
  return DOCKER_HUB;
}

export function parseDockerConfig(text: string, source: string): CredentialsResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${source}: not valid JSON: ${(err as Error).message}` };
  }
  const auths = (json as { auths?: unknown })?.auths;
  if (!auths || typeof auths !== 'object') return { ok: false, error: `${source}: no "auths" object (expected a Docker config.json)` };
  const result = new Map<string, RegistryAuth>();
  for (const [key, value] of Object.entries(auths as Record<string, unknown>)) {
    const entry = value as { auth?: string; username?: string; password?: string };
    let username = entry?.username;
    let password = entry?.password;
    if (entry?.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { ok: false, error: `${source}: auths["${key}"].auth is not base64 of "user:password"` };
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
    if (!username || password === undefined) return { ok: false, error: `${source}: auths["${key}"] has neither "auth" nor "username" and "password"` };
    const registry = normalizeRegistryKey(key);
    result.set(registry, { username, password, serveraddress: registry });
  }
  return { ok: true, auths: result };
}

export function credentialsFor(auths: ReadonlyMap<string, RegistryAuth>, image: string): RegistryAuth | undefined {
  return auths.get(registryOfImage(image));
}
