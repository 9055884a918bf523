import { homedir } from 'node:os';
import type { CliIo } from '../cli/cli-io.js';
import type { PlayRequest } from '../cli/commands/play.js';
import { currentDockerEndpoint } from './docker-endpoint.js';
import { containerLabel } from './log-prefix.js';
import { PlayOutput } from './play-output.js';
import { PlayUsageError, preparePlay } from './prepare-play.js';
import { runSession } from './play-session.js';

/** After a run, what may still hold the process (an engine call under way) gets this long. */
const EXIT_GRACE_MS = 3_000;

/**
 * `minikubelet play`: checks everything it can before touching the engine (inputs, manifests,
 * `-p`, `--exit-code-from`, the engine endpoint), then runs the session. Resolves with the exit
 * code; a user's mistake rejects with a message that names it.
 */
export async function runPlay(request: PlayRequest, io: CliIo): Promise<number> {
  const uid = process.getuid?.() ?? 0;
  const host = { cwd: process.cwd(), uid, env: process.env, homedir: homedir() };
  const prepared = await preparePlay(request, io, host);
  const endpoint = await currentDockerEndpoint(host);
  if (!endpoint.ok) throw new PlayUsageError(endpoint.error);
  const labels = prepared.snapshot.pods.flatMap(({ pod }) =>
    [...pod.spec.initContainers, ...pod.spec.containers].map((c) => containerLabel(pod.metadata.namespace, pod.metadata.name, c.name)),
  );
  const colour = io.stdout.isTTY === true && !process.env['NO_COLOR'];
  const output = new PlayOutput(io, { logs: request.logs, quiet: request.quiet, colour }, labels);
  try {
    return await runSession({ prepared, request, io, output, endpoint: endpoint.value, root: uid === 0 });
  } finally {
    // Nothing of the run is needed any more: a keep-alive socket or a slow engine call must not hold the terminal.
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  }
}
