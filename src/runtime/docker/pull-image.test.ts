import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { DockerRuntime } from './docker-runtime.js';

/** A dockerode stand-in whose pulls finish when the test says so. */
function fakeDocker() {
  const pulls: Array<{ ref: string; finish: (error?: string) => void }> = [];
  const docker = {
    pull: async (ref: string) => {
      const stream = new PassThrough();
      (stream as PassThrough & { ref: string }).ref = ref;
      return stream;
    },
    modem: {
      followProgress(stream: PassThrough & { ref: string }, onFinished: (err: Error | null, output: { error?: string }[]) => void) {
        pulls.push({ ref: stream.ref, finish: (error) => onFinished(null, error ? [{ error }] : [{}]) });
      },
    },
  } as unknown as Docker;
  return { docker, pulls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('DockerRuntime.pullImage', () => {
  it('shares one pull among pods asking for the same image at once, and pulls again once it ended', async () => {
    const { docker, pulls } = fakeDocker();
    const runtime = new DockerRuntime({ docker, nodeName: 'n', maxConcurrentCalls: 4 });
    const waiting = [runtime.pullImage('reg/app:1'), runtime.pullImage('reg/app:1'), runtime.pullImage('reg/app:1')];
    await tick();
    expect(pulls.map((p) => p.ref)).toEqual(['reg/app:1']);
    pulls[0]!.finish();
    await Promise.all(waiting);
    const again = runtime.pullImage('reg/app:1');
    await tick();
    expect(pulls).toHaveLength(2);
    pulls[1]!.finish();
    await again;
  });

  it('keeps pulls apart by image and by credentials, and gives every sharer the failure', async () => {
    const { docker, pulls } = fakeDocker();
    const runtime = new DockerRuntime({ docker, nodeName: 'n', maxConcurrentCalls: 4 });
    const auth = { username: 'u', password: 'p', serveraddress: 'reg' };
    const a = [runtime.pullImage('reg/app:1'), runtime.pullImage('reg/app:1')];
    const b = runtime.pullImage('reg/app:1', auth);
    const c = runtime.pullImage('reg/other:1');
    await tick();
    expect(pulls.map((p) => p.ref)).toEqual(['reg/app:1', 'reg/app:1', 'reg/other:1']);
    pulls[0]!.finish('manifest unknown');
    for (const p of a) await expect(p).rejects.toThrow(/manifest unknown/);
    pulls[1]!.finish();
    pulls[2]!.finish();
    await Promise.all([b, c]);
  });
});
