import { execFile } from 'node:child_process';
import { access, chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { findUpwards } from '../../shared/find-upwards.js';

/**
 * The sandbox image used when `--pause-image` is not given. No registry is needed: when it is missing
 * the agent builds it from `deploy/pause` (the same thing `scripts/build-images.sh` does). The tag is
 * not `latest`, whose pull policy would be Always.
 */
export const DEFAULT_PAUSE_IMAGE = 'minikubelet/pause:3.10';

/** Raised when the pause image can be neither found, built nor pulled; the message says what to do. */
export class PauseImageError extends Error {
  override name = 'PauseImageError';
}

/**
 * The pause image's build context, `deploy/pause` in the package: found upwards from this file,
 * which is `src/runtime/docker/` under vitest, `dist/runtime/docker/` once compiled, and a chunk
 * of `dist/agent/` as shipped (scripts/bundle.mjs).
 */
const PAUSE_DIR = findUpwards(fileURLToPath(new URL('.', import.meta.url)), join('deploy', 'pause', 'Dockerfile'));

const run = promisify(execFile);

/** Makes sure `ref` is present: the built-in default is built locally, any other image is pulled. */
export async function ensurePauseImage(docker: Docker, ref: string, log: Logger): Promise<void> {
  if (await imageExists(docker, ref)) return;
  if (ref === DEFAULT_PAUSE_IMAGE) await buildPauseImage(docker, ref, log);
  else await pullPauseImage(docker, ref, log);
}

async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** Builds the pause image from `deploy/pause` under the tag `ref` (exported for the engine test). */
export async function buildPauseImage(docker: Docker, ref: string, log: Logger): Promise<void> {
  log.info({ image: ref }, 'Building pause image');
  const context = await mkdtemp(join(tmpdir(), 'minikubelet-pause-'));
  try {
    await copyFile(join(PAUSE_DIR, 'Dockerfile'), join(context, 'Dockerfile'));
    await providePauseBinary(join(context, 'pause'));
    const stream = await docker.buildImage(
      { context, src: ['Dockerfile', 'pause'] },
      { t: ref, rm: true, forcerm: true },
    );
    const output = await followProgress(docker, stream);
    const failure = output.find((event) => event.error !== undefined);
    if (failure) {
      const tail = output
        .map((event) => event.stream?.trimEnd())
        .filter(Boolean)
        .slice(-5)
        .join('\n');
      throw new PauseImageError(
        `Building the pause image "${ref}" failed: ${failure.error}${tail ? `\n${tail}` : ''}`,
      );
    }
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  log.info({ image: ref }, 'Built pause image');
}

/** Copies a prebuilt static binary (`deploy/pause/build/pause`) or compiles `deploy/pause/pause.c`. */
async function providePauseBinary(target: string): Promise<void> {
  const prebuilt = join(PAUSE_DIR, 'build', 'pause');
  if (await exists(prebuilt)) {
    await copyFile(prebuilt, target);
  } else {
    const source = join(PAUSE_DIR, 'pause.c');
    try {
      await run('cc', ['-static', '-O2', '-s', '-o', target, source], { timeout: 120_000 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      const why = e.code === 'ENOENT' ? 'no C compiler (cc) was found' : (e.stderr?.trim() || e.message);
      throw new PauseImageError(
        `Cannot build the pause image: compiling ${source} failed: ${why}. ` +
          'Install a compiler and static libc (Debian: apt-get install -y gcc libc6-dev), ' +
          `or put a static pause binary at ${prebuilt}, or run scripts/build-images.sh, ` +
          'or pass --pause-image with an image that is present locally.',
      );
    }
  }
  await chmod(target, 0o755);
}

async function pullPauseImage(docker: Docker, ref: string, log: Logger): Promise<void> {
  log.info({ image: ref }, 'Pulling pause image');
  try {
    const stream = await docker.pull(ref);
    const output = await followProgress(docker, stream);
    const failure = output.find((event) => event.error !== undefined);
    if (failure) throw new Error(failure.error);
  } catch (err) {
    throw new PauseImageError(
      `Pulling the pause image "${ref}" failed: ${(err as Error).message}. ` +
        `Load it into the engine (docker load / docker build), or pass --pause-image with an image ` +
        `that is present locally; the default ${DEFAULT_PAUSE_IMAGE} is built locally with no registry.`,
    );
  }
  log.info({ image: ref }, 'Pulled pause image');
}

interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
}

/** Reads a build or pull stream to its end; Docker reports failures inside it as `{error}` events. */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err, output: ProgressEvent[]) =>
      err ? reject(err) : resolve(output),
    );
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
