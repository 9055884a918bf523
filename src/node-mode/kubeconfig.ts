import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/** What the REST client needs from a kubeconfig: where the API server is and how to prove who we are. */
export interface ClusterAccess {
  /** `https://host:port`, without a trailing slash. */
  server: string;
  /** PEM: the CA that signed the API server's certificate; the system's CAs when absent. */
  ca?: Buffer;
  /** PEM client certificate and key (`system:node:<name>` for a node). */
  cert?: Buffer;
  key?: Buffer;
  /** A bearer token, when the user has one instead of a certificate. */
  token?: string;
  /** `insecure-skip-tls-verify: true`. */
  insecure: boolean;
}

/** A kubeconfig that cannot be used: says which file, which entry and what to do. */
export class KubeconfigError extends Error {
  constructor(file: string, problem: string) {
    super(`kubeconfig ${file}: ${problem}`);
    this.name = 'KubeconfigError';
  }
}

type Entry = Record<string, unknown>;

function asEntry(value: unknown): Entry | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entry) : undefined;
}

/** The `name`d item of a kubeconfig list (`clusters`, `users`, `contexts`) and its inner object. */
function named(doc: Entry, list: string, inner: string, name: string): Entry | undefined {
  const items = Array.isArray(doc[list]) ? (doc[list] as unknown[]) : [];
  for (const item of items) {
    const e = asEntry(item);
    if (e?.name === name) return asEntry(e[inner]) ?? {};
  }
  return undefined;
}

function text(e: Entry, key: string): string | undefined {
  const v = e[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Reads `file` as kubectl does for its current context: the cluster's `server` and CA, the user's
 * client certificate and key or token (`*-data` base64 inline, or paths relative to the file).
 * Pure apart from reading the files it names.
 */
export async function loadKubeconfig(file: string, context?: string): Promise<ClusterAccess> {
  const raw = await readFile(file, 'utf8').catch((err: Error) => {
    throw new KubeconfigError(file, `could not be read (${err.message}); pass the node's kubeconfig with --kubeconfig`);
  });
  let parsed: unknown;
  try {
    parsed = parse(raw);
  } catch (err) {
    throw new KubeconfigError(file, `is not YAML (${(err as Error).message})`);
  }
  const doc = asEntry(parsed);
  if (!doc) throw new KubeconfigError(file, 'is not a kubeconfig (expected a mapping with clusters, users and contexts)');
  const contextName = context ?? text(doc, 'current-context');
  if (!contextName) throw new KubeconfigError(file, 'has no current-context; set one (kubectl config use-context NAME --kubeconfig FILE)');
  const ctx = named(doc, 'contexts', 'context', contextName);
  if (!ctx) throw new KubeconfigError(file, `context "${contextName}" is not in contexts`);
  const clusterName = text(ctx, 'cluster');
  const cluster = clusterName ? named(doc, 'clusters', 'cluster', clusterName) : undefined;
  if (!cluster) throw new KubeconfigError(file, `context "${contextName}": cluster "${clusterName ?? ''}" is not in clusters`);
  const server = text(cluster, 'server');
  if (!server?.startsWith('https://') && !server?.startsWith('http://'))
    throw new KubeconfigError(file, `cluster "${clusterName}": server must be an https:// URL, got ${JSON.stringify(server ?? '')}`);
  const userName = text(ctx, 'user');
  const user = userName ? (named(doc, 'users', 'user', userName) ?? {}) : {};
  const dir = path.dirname(file);
  const bytes = async (e: Entry, key: string, where: string): Promise<Buffer | undefined> => {
    const data = text(e, `${key}-data`);
    if (data) return Buffer.from(data, 'base64');
    const ref = text(e, key);
    if (!ref) return undefined;
    const full = path.resolve(dir, ref);
    return readFile(full).catch((err: Error) => {
      throw new KubeconfigError(file, `${where}.${key}: ${full} could not be read (${err.message})`);
    });
  };
  const ca = await bytes(cluster, 'certificate-authority', `clusters[${clusterName}]`);
  const cert = await bytes(user, 'client-certificate', `users[${userName ?? ''}]`);
  const key = await bytes(user, 'client-key', `users[${userName ?? ''}]`);
  if ((cert === undefined) !== (key === undefined))
    throw new KubeconfigError(file, `user "${userName ?? ''}" has a client certificate without its key, or a key without its certificate`);
  const tokenFile = text(user, 'tokenFile');
  const token = text(user, 'token') ?? (tokenFile ? (await readFile(path.resolve(dir, tokenFile), 'utf8')).trim() : undefined);
  if (!cert && !token) throw new KubeconfigError(file, `user "${userName ?? ''}" has neither a client certificate nor a token: the API server would see an anonymous node`);
  return {
    server: server.replace(/\/+$/, ''),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    ...(ca ? { ca } : {}),
    ...(cert && key ? { cert, key } : {}),
    ...(token ? { token } : {}),
  };
}
