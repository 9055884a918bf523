import type { RegistryAuth } from '../../images/registry-credentials.js';
import { EngineUnavailableError, RuntimeCallError } from '../runtime-errors.js';
import type { ImageInfo } from '../types.js';
import type { DockerApi } from './docker-calls.js';
import { messageOf, statusOf } from './docker-errors.js';

/** undefined when the image is not present locally. */
export async function inspectImage(api: DockerApi, ref: string): Promise<ImageInfo | undefined> {
  try {
    const info = await api.calls.call('inspect image', () => api.docker.getImage(ref).inspect());
    return { id: info.Id, repoDigests: info.RepoDigests ?? [], user: info.Config?.User ?? '' };
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw new RuntimeCallError('inspect image', statusOf(err), messageOf(err));
  }
}

/**
 * Pulls images. Pods asking for the same image with the same credentials at the same time share
 * one pull (the first caller hears the progress); a pull that ended is never reused.
 */
export class ImagePulls {
  /** Pulls under way, by image and credentials. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly api: DockerApi) {}

  pull(ref: string, auth?: RegistryAuth, onProgress?: (line: string) => void): Promise<void> {
    const key = `${ref}\0${JSON.stringify(auth ?? null)}`;
    const running = this.running.get(key);
    if (running) return running;
    const pull = this.pullOnce(ref, auth, onProgress).finally(() => this.running.delete(key));
    this.running.set(key, pull);
    return pull;
  }

  private async pullOnce(ref: string, auth?: RegistryAuth, onProgress?: (line: string) => void): Promise<void> {
    const { docker, calls } = this.api;
    try {
      const stream = await calls.call('pull image', () => docker.pull(ref, auth ? { authconfig: auth } : {}));
      await new Promise<void>((resolve, reject) => {
        const onFinished = (err: Error | null, output: { error?: string }[]) => {
          const failed = output?.find((o) => o.error);
          if (err) reject(err);
          else if (failed) reject(new Error(failed.error));
          else resolve();
        };
        const onEvent = (e: { status?: string; id?: string; progress?: string }) =>
          onProgress?.([e.id, e.status, e.progress].filter(Boolean).join(' '));
        docker.modem.followProgress(stream, onFinished, onEvent);
      });
    } catch (err) {
      if (err instanceof EngineUnavailableError) throw err;
      throw new RuntimeCallError('pull image', statusOf(err), messageOf(err));
    }
  }
}
