import type { AttachedStreams, AttachOptions } from '../types.js';
import type { DockerApi } from './docker-calls.js';

/**
 * `docker attach` to a running container's main process, hijacked so stdin and output share one
 * stream (output multiplexed unless the container has a tty). Only output from now on: `logs`
 * has the past.
 */
export async function attachToContainer(api: DockerApi, id: string, options: AttachOptions): Promise<AttachedStreams> {
  const container = api.docker.getContainer(id);
  const stream = (await api.calls.call('attach container', () =>
    container.attach({ stream: true, stdin: options.stdin, stdout: true, stderr: true, hijack: true }),
  )) as unknown as AttachedStreams['stream'];
  return {
    stream,
    resize: async (cols, rows) => {
      await api.calls.call('resize container', () => container.resize({ w: cols, h: rows }));
    },
  };
}
