import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** How play reaches the engine: a local socket, or TCP on this host's loopback. */
export type DockerEndpoint =
  | { kind: 'socket'; socketPath: string; source: string }
  | { kind: 'tcp'; host: string; port: number; source: string };

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * A Docker host string (`unix:///run/docker.sock`, `tcp://127.0.0.1:2375`) as an endpoint on this
 * host; an engine elsewhere is refused: play bind-mounts directories of this host into containers,
 * and a remote engine would mount its own host's paths instead.
 */
export function parseDockerHost(host: string, source: string): { ok: true; value: DockerEndpoint } | { ok: false; error: string } {
  const remote = (where: string) => ({
    ok: false as const,
    error:
      `the Docker engine ${host} (${source}) is ${where}: play bind-mounts this host's directories (emptyDir volumes) into the pods, ` +
      'which an engine on another host cannot see. Use a local engine: unset DOCKER_HOST, or `docker context use default`',
  });
  const match = /^([a-z]+):\/\/(.*)$/i.exec(host);
  if (!match) return { ok: false, error: `cannot read the Docker host ${JSON.stringify(host)} (${source}): expected unix:///path or tcp://host:port` };
  const [, scheme = '', rest = ''] = match;
  switch (scheme.toLowerCase()) {
    case 'unix':
      if (!rest.startsWith('/')) return { ok: false, error: `the Docker host ${JSON.stringify(host)} (${source}) needs an absolute socket path` };
      return { ok: true, value: { kind: 'socket', socketPath: rest, source } };
    case 'tcp':
    case 'http': {
      const hostPort = /^(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(rest);
      if (!hostPort) return { ok: false, error: `cannot read the Docker host ${JSON.stringify(host)} (${source}): expected tcp://host:port` };
      const [, name = '', port = '2375'] = hostPort;
      if (!LOOPBACK.test(name)) return remote('on another host');
      return { ok: true, value: { kind: 'tcp', host: name.replace(/^\[|\]$/g, ''), port: Number(port), source } };
    }
    case 'ssh':
      return remote('reached over ssh');
    default:
      return { ok: false, error: `the Docker host ${JSON.stringify(host)} (${source}) uses ${scheme}://, which play does not support (unix:// or tcp:// on this host)` };
  }
}

export interface DockerEnv {
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
}

/**
 * The engine the docker CLI would use: `DOCKER_HOST`, else the context named by `DOCKER_CONTEXT`
 * or by `currentContext` in `$DOCKER_CONFIG/config.json` (default `~/.docker`), else the default
 * socket. An error names the variable or file that is wrong.
 */
export async function currentDockerEndpoint(host: DockerEnv): Promise<{ ok: true; value: DockerEndpoint } | { ok: false; error: string }> {
  const dockerHost = host.env['DOCKER_HOST'];
  if (dockerHost) return parseDockerHost(dockerHost, 'DOCKER_HOST');
  const configDir = host.env['DOCKER_CONFIG'] || path.join(host.homedir, '.docker');
  let context = host.env['DOCKER_CONTEXT'];
  let source = 'DOCKER_CONTEXT';
  if (!context) {
    const configFile = path.join(configDir, 'config.json');
    const config = await readJson(configFile);
    if ('error' in config && config.missing !== true) return { ok: false, error: `cannot read ${configFile}: ${config.error}` };
    const current = 'value' in config ? (config.value as { currentContext?: unknown }).currentContext : undefined;
    context = typeof current === 'string' ? current : undefined;
    source = `currentContext in ${configFile}`;
  }
  if (!context || context === 'default') return { ok: true, value: { kind: 'socket', socketPath: DEFAULT_DOCKER_SOCKET, source: 'the default socket' } };
  const metaFile = path.join(configDir, 'contexts', 'meta', createHash('sha256').update(context).digest('hex'), 'meta.json');
  const meta = await readJson(metaFile);
  if ('error' in meta) return { ok: false, error: `Docker context "${context}" (${source}): cannot read ${metaFile}: ${meta.error}` };
  const endpoint = (meta.value as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
  if (typeof endpoint !== 'string') return { ok: false, error: `Docker context "${context}" (${source}): ${metaFile} names no docker endpoint (Endpoints.docker.Host)` };
  return parseDockerHost(endpoint, `Docker context "${context}"`);
}

async function readJson(file: string): Promise<{ value: unknown } | { error: string; missing: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message), missing: code === 'ENOENT' };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: `not JSON (${(err as Error).message})`, missing: false };
  }
}
