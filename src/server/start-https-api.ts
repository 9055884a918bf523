/**
 * `run`'s HTTPS API: the certificates in `<root-dir>/pki/` (made once, reused), the server on
 * `--api-bind-address:--api-port`, then the admin kubeconfig at `<root-dir>/kubeconfig` naming
 * the port it got (0 picks one).
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ApiHandlers } from './api-server.js';
import { createHttpsApiServer, type HttpsApiServer } from './https-api-server.js';
import { ensurePki, writePrivateFile } from './pki/ensure-pki.js';
import { makeKubeconfig, makeServerUrl } from './pki/kubeconfig.js';

export const KUBECONFIG_FILE = 'kubeconfig';

export interface HttpsApiOptions {
  rootDir: string;
  nodeName: string;
  apiPort: number;
  apiBindAddress: string;
  hostIP: string;
}

/** The names a client may dial: loopback, the bind address, the node name (and the host's IP when listening on every address). */
export function servingAltNames(o: Omit<HttpsApiOptions, 'rootDir' | 'apiPort'>): string[] {
  const names = ['localhost', o.nodeName, '127.0.0.1'];
  const everywhere = o.apiBindAddress === '0.0.0.0' || o.apiBindAddress === '::';
  if (!everywhere) names.push(o.apiBindAddress);
  if (everywhere && isIP(o.hostIP)) names.push(o.hostIP);
  return [...new Set(names)];
}

export async function startHttpsApi(options: HttpsApiOptions, handlers: ApiHandlers, log: Logger, nowMs: number): Promise<{ server: HttpsApiServer; port: number; kubeconfig: string }> {
  const pki = await ensurePki(options.rootDir, servingAltNames(options), nowMs);
  if (pki.made.length > 0) log.info({ made: pki.made, dir: join(options.rootDir, 'pki') }, 'Made API certificates');
  const server = createHttpsApiServer({ handlers, caPem: pki.ca.certPem, certPem: pki.serving.certPem, keyPem: pki.serving.keyPem, log });
  let port: number;
  try {
    port = await server.listen(options.apiPort, options.apiBindAddress);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? 'is another agent or API server using it? pass another --api-port (0 picks a free one)' : 'check --api-bind-address and --api-port';
    throw new Error(`cannot serve the Kubernetes API on ${options.apiBindAddress}:${options.apiPort}: ${(err as Error).message}; ${hint}`, { cause: err });
  }
  const kubeconfig = join(options.rootDir, KUBECONFIG_FILE);
  const text = makeKubeconfig({ clusterName: options.nodeName, serverUrl: makeServerUrl(options.apiBindAddress, port), caPem: pki.ca.certPem, admin: pki.admin });
  await writePrivateFile(kubeconfig, text);
  log.info({ kubeconfig }, 'Wrote the admin kubeconfig');
  return { server, port, kubeconfig };
}
