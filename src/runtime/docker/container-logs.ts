import type { Readable } from 'node:stream';
import type { LogOptions } from '../types.js';
import { bufferToPlainStream, demultiplex } from './demux.js';
import type { DockerApi } from './docker-calls.js';
import { dockerSince } from './monotonic-log-lines.js';
import { followLogResuming } from './resuming-log-follow.js';

/** A container's logs as plain bytes (stdout and stderr interleaved, demultiplexed). */
export async function containerLogs(api: DockerApi, id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
  const container = api.docker.getContainer(id);
  const info = await api.calls.call('inspect container', () => container.inspect());
  const multiplexed = !info.Config.Tty;
  const base = { stdout: true, stderr: true, timestamps: options.timestamps, ...(options.tail !== undefined ? { tail: options.tail } : {}), ...(options.sinceSeconds ? { since: Math.floor(Date.now() / 1000) - options.sinceSeconds } : {}) };
  if (!options.follow) {
    const buffer = await container.logs({ ...base, follow: false });
    return bufferToPlainStream(buffer, multiplexed);
  }
  // Followed with the engine's timestamps, so lines a log rotation replays can be dropped and a
  // stalled follow can be resumed from the last line delivered.
  const startedAt = BigInt(Date.now()) * 1_000_000n;
  const plain = (stream: Readable): Readable => {
    if (!multiplexed) return stream;
    const out = demultiplex();
    stream.on('error', (err) => out.destroy(err));
    out.on('close', () => stream.destroy());
    return stream.pipe(out);
  };
  return followLogResuming(
    {
      open: async (since) => {
        const from = since === undefined ? base : { stdout: true, stderr: true, since: dockerSince(since) };
        return plain((await container.logs({ ...from, timestamps: true, follow: true })) as unknown as Readable);
      },
      hasLaterLine: async (since) => {
        const last = await container.logs({ stdout: true, stderr: true, timestamps: true, follow: false, tail: 1, since: dockerSince(since + 1n) });
        return last.length > 0;
      },
    },
    { keepTimestamps: options.timestamps, startedAt, ...(signal ? { signal } : {}) },
  );
}
