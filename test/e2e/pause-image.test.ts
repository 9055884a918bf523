import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPauseImage, ensurePauseImage, PauseImageError } from '../../src/runtime/docker/ensure-pause-image.js';
import { LABEL_NODE_NAME } from '../../src/runtime/labels.js';
import { dockerClient, removeNodeContainers } from '../helpers/docker.js';

const BUSYBOX_IMAGE = 'minikubelet/busybox:1.35';
const suffix = randomBytes(4).toString('hex');
const tag = `minikubelet-test/pause:e2e-${suffix}`;
const nodeName = `e2e-pause-${suffix}`;
const log = pino({ level: 'silent' });
const docker = dockerClient();

/** Creates and starts a container labelled with this file's node name. */
async function startLabelled(options: Docker.ContainerCreateOptions): Promise<Docker.Container> {
  const container = await docker.createContainer({ ...options, Labels: { [LABEL_NODE_NAME]: nodeName } });
  await container.start();
  return container;
}

async function logsOf(container: Docker.Container): Promise<string> {
  // With Tty the log stream is raw text, not multiplexed.
  return (await container.logs({ stdout: true, stderr: true, follow: false })).toString();
}

describe('the pause image', () => {
  beforeAll(async () => {
    await buildPauseImage(docker, tag, log);
  });

  afterAll(async () => {
    await removeNodeContainers(nodeName, docker);
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  });

  it('is built from deploy/pause: /pause as entrypoint, user 65535, and prints its version with -v', async () => {
    const image = await docker.getImage(tag).inspect();
    expect(image.Config.Entrypoint).toEqual(['/pause']);
    expect(image.Config.User).toBe('65535:65535');

    const container = await startLabelled({ Image: tag, Cmd: ['-v'], Tty: true });
    expect((await container.wait()).StatusCode).toBe(0);
    expect(await logsOf(container)).toMatch(/^pause\.c /);
  });

  it('exits 0 at once on SIGTERM, saying it got the signal', async () => {
    const container = await startLabelled({ Image: tag, Tty: true });
    // A long grace period: exit code 0 (not 137) proves pause ended on SIGTERM, not on Docker's SIGKILL.
    await container.stop({ t: 120 });
    const state = (await container.inspect()).State;
    expect(state.ExitCode).toBe(0);
    expect(await logsOf(container)).toContain('Shutting down, got signal');
  });

  it('reaps an orphan that exits in its shared PID namespace', async () => {
    await docker.getImage(BUSYBOX_IMAGE).inspect().catch(() => {
      throw new Error(`${BUSYBOX_IMAGE} is missing: run scripts/build-images.sh`);
    });
    const pause = await startLabelled({ Image: tag, Tty: true });
    // The subshell exits at once, so `sleep` is re-parented to PID 1 (pause) and dies there shortly.
    const probe = await startLabelled({
      Image: BUSYBOX_IMAGE,
      Cmd: ['sh', '-c', '(sleep 0.2 &); sleep 1.5; ps -o pid,ppid,stat,comm'],
      Tty: true,
      HostConfig: { PidMode: `container:${pause.id}` },
    });
    expect((await probe.wait()).StatusCode).toBe(0);
    const table = await logsOf(probe);
    expect(table).toContain('pause');
    expect(table.split('\n').filter((line) => /^\s*\d+\s+\d+\s+Z/.test(line))).toEqual([]);
  });

  it('is left alone by ensurePauseImage when it is present', async () => {
    const before = (await docker.getImage(tag).inspect()).Id;
    await ensurePauseImage(docker, tag, log);
    expect((await docker.getImage(tag).inspect()).Id).toBe(before);
  });

  it('fails a missing non-default pause image with an error naming it and --pause-image', async () => {
    const ref = `localhost:1/minikubelet-missing/pause:${suffix}`;
    const failure = ensurePauseImage(docker, ref, log);
    await expect(failure).rejects.toBeInstanceOf(PauseImageError);
    await expect(failure).rejects.toThrow(ref);
    await expect(failure).rejects.toThrow('--pause-image');
  });
});
