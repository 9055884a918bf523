import { EngineUnavailableError, NameConflictError, RuntimeCallError } from '../runtime-errors.js';
import type { CreateContainerSpec, LogRotation } from '../types.js';
import type { DockerApi } from './docker-calls.js';
import { engineUnreachable, isConnectionError, messageOf, statusOf } from './docker-errors.js';
import { makeCreateOptions } from './make-create-options.js';

/** Creates the container with the runtime's log rotation; NameConflictError names the holder of the name. */
export async function createContainer(api: DockerApi, spec: CreateContainerSpec, logRotation: LogRotation | undefined): Promise<string> {
  try {
    const container = await api.calls.call('create container', () => api.docker.createContainer(makeCreateOptions(withLogRotation(spec, logRotation))));
    return container.id;
  } catch (err) {
    if (statusOf(err) === 409) {
      const existing = /by container "([0-9a-f]+)"/.exec(messageOf(err))?.[1];
      throw new NameConflictError(spec.name, existing, messageOf(err));
    }
    throw new RuntimeCallError('create container', statusOf(err), messageOf(err));
  }
}

/** Log rotation is agent-wide: the runtime's setting replaces whatever the spec carries. */
function withLogRotation(spec: CreateContainerSpec, logRotation: LogRotation | undefined): CreateContainerSpec {
  const { logRotation: _fromSpec, ...rest } = spec;
  return logRotation ? { ...rest, logRotation } : rest;
}

/** An already running container (304) is no failure. */
export async function startContainer(api: DockerApi, id: string): Promise<void> {
  try {
    await api.calls.call('start container', () => api.docker.getContainer(id).start());
  } catch (err) {
    if (statusOf(err) === 304) return;
    throw new RuntimeCallError('start container', statusOf(err), messageOf(err));
  }
}

/** An already stopped (304) or gone (404) container is no failure. */
export async function stopContainer(api: DockerApi, id: string, graceSeconds: number): Promise<void> {
  try {
    // Not bounded by the call semaphore: a stop may wait a whole grace period, which its deadline adds.
    const t = Math.max(0, Math.floor(graceSeconds));
    await api.calls.timed('stop container', () => api.calls.withDeadline('stop container', () => api.docker.getContainer(id).stop({ t }), t * 1000));
  } catch (err) {
    const status = statusOf(err);
    if (status === 304 || status === 404) return;
    if (isConnectionError(err)) throw engineUnreachable('stop container', err);
    if (err instanceof EngineUnavailableError) throw err;
    throw new RuntimeCallError('stop container', status, messageOf(err));
  }
}

/** Forced; a gone container, or one whose removal is already under way, is no failure. */
export async function removeContainer(api: DockerApi, id: string): Promise<void> {
  try {
    await api.calls.call('remove container', () => api.docker.getContainer(id).remove({ force: true }));
  } catch (err) {
    const status = statusOf(err);
    if (status === 404) return;
    if (status === 409 && /already in progress/.test(messageOf(err))) return;
    throw new RuntimeCallError('remove container', status, messageOf(err));
  }
}
