import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { CliIo } from '../cli/cli-io.js';
import type { PlayRequest } from '../cli/commands/play.js';
import { wirePods } from '../main/wire-pods.js';
import type { DesiredPod } from '../manifests/desired-pod.js';
import { formatManifestProblem } from '../manifests/format-manifest-problem.js';
import { Metrics } from '../metrics/metrics.js';
import { nodeInfoFromHost } from '../node/node-info-from-host.js';
import { ENGINE_RECONNECT_BACKOFF } from '../runtime/wait-for-engine.js';
import { BackOffStore } from '../shared/backoff-store.js';
import { detectHostIP } from '../shared/host-ip.js';
import { createEvictionMonitor } from '../workers/evict-over-limit.js';
import { followRuntimeEvents } from '../workers/follow-runtime-events.js';
import { startRelistTimer } from '../workers/relist-timer.js';
import { createAgentLogger } from './agent-log-sink.js';
import { ContainerLogFollower } from './container-log-follower.js';
import type { DockerEndpoint } from './docker-endpoint.js';
import { decideExit } from './exit-rules.js';
import { playAgentOptions } from './play-agent-options.js';
import { connectEngine, rootOnlyNotes } from './play-engine.js';
import { acquirePlayLock } from './play-lock.js';
import { type PlayServices, removePlayServices, startPlayServices } from './play-services.js';
import type { PlayOutput } from './play-output.js';
import { PlayUsageError, type PreparedPlay } from './prepare-play.js';
import { PortForwarder } from './port-forwarder.js';
import { StatusWatcher } from './status-watcher.js';
import { type StopReason, StopSignals, signalExitCode } from './stop-signals.js';
import { leftovers, teardownGracefully, teardownNow } from './teardown.js';

/** How often play looks at the pods' statuses (the status store, in memory: cheap). */
const LOOK_MS = 250;
/** After the pods completed, how long their last log lines may take to arrive. */
const LOG_SETTLE_MS = 2_000;

export interface SessionDeps {
  prepared: PreparedPlay;
  request: PlayRequest;
  io: CliIo;
  output: PlayOutput;
  endpoint: DockerEndpoint;
  root: boolean;
}

/**
 * One run of play: the lock, the engine, the agent's pipeline (`wirePods`, the daemon's), fed by
 * the file list instead of a directory; then status lines and logs until it stops, and the
 * teardown. Resolves with the exit code. `--down` stops after removing what a killed run left.
 */
export async function runSession(deps: SessionDeps): Promise<number> {
  const { prepared, request, output } = deps;
  const { identity, stateDir } = prepared;
  const lock = await acquirePlayLock(stateDir);
  if (!lock.ok) {
    throw new PlayUsageError(`${prepared.inputs.map((i) => i.path).join(' ')} ${request.down ? 'are' : 'are already'} playing (pid ${lock.pid}, node ${identity.nodeName}): stop that play first (Ctrl-C in its terminal)`);
  }
  let clean = false;
  let services: PlayServices | undefined;
  try {
    const log = createAgentLogger(request.quiet, output);
    const metrics = new Metrics();
    const options = { ...playAgentOptions(identity.nodeName, stateDir), ...(request.podSecurity ? { podSecurity: request.podSecurity } : {}) };
    const { runtime, engine } = await connectEngine({ endpoint: deps.endpoint, nodeName: identity.nodeName, pauseImage: options.pauseImage, root: deps.root, metrics, log });
    services = request.down ? undefined : await startPlayServices(deps.root, options, engine.podNetwork, log);
    const clusterDns = services?.clusterDns;
    const pipeline = await wirePods(options, { runtime, engine, node: nodeInfoFromHost({ ...options, nodeName: identity.nodeName }), hostIP: detectHostIP(), metrics, log, clusterDns: () => clusterDns });
    const { loop, probes, store, events, evictions, syncer } = pipeline;
    const teardown = { loop, runtime, syncer, rootDir: stateDir };
    const left = await leftovers(runtime, stateDir);
    if (left.containers > 0 || left.podDirs > 0) {
      output.status(`Removing what an earlier play of these files left (${left.containers} containers, ${left.podDirs} pod directories)`);
      const removed = await teardownGracefully(teardown, new AbortController().signal);
      if (!removed) throw new Error(`could not remove everything an earlier play left under node ${identity.nodeName}; see the errors above`);
    }
    if (request.down) {
      await removePlayServices(deps.root, identity.nodeName, log);
      if (left.containers === 0 && left.podDirs === 0) output.status(`Nothing left by a play of these files (node ${identity.nodeName})`);
      clean = true;
      return 0;
    }
    for (const note of rootOnlyNotes(deps.root, prepared.snapshot.pods.map((d) => d.pod))) output.warn(note);

    const forwarder = new PortForwarder(store, output);
    const logs = new ContainerLogFollower(runtime, output);
    const watcher = new StatusWatcher({ store, events, nodeName: identity.nodeName, output, logs, now: Date.now });
    const stop = new StopSignals(() => output.status('Killing the pods now'));
    const eventsAbort = new AbortController();
    let desired = new Set<string>();
    const setDesired = (pods: readonly DesiredPod[]) => {
      desired = new Set(pods.map((d) => d.pod.metadata.uid));
      loop.setDesired(pods);
    };
    const monitor = createEvictionMonitor({ rootDir: stateDir, store, evictions, onEvicted: (uid) => loop.onEviction(uid), log });
    let stopRelist = () => {};
    const looker = setInterval(() => {
      const views = watcher.look(desired);
      if (stop.stopping) return;
      const decision = decideExit(views, desired.size, prepared.rules);
      if (decision) stop.finish(decision.exitCode, decision.why);
    }, LOOK_MS);
    let reason: StopReason;
    try {
      await forwarder.listen(prepared.forwards);
      const count = prepared.snapshot.pods.length;
      output.status(`Playing ${count} ${count === 1 ? 'pod' : 'pods'} as node ${identity.nodeName} on ${hostname()} (Ctrl-C to stop and remove them)`);
      await loop.observeLive();
      setDesired(prepared.snapshot.pods);
      if (request.watch && prepared.source) watchSource(prepared, output, setDesired);
      const eventsDone = followRuntimeEvents({ runtime, loop, backOff: new BackOffStore(ENGINE_RECONNECT_BACKOFF, Date.now), log, signal: eventsAbort.signal });
      await loop.relist();
      monitor.start();
      stopRelist = startRelistTimer(() => loop.relist(), { answered: () => {}, failed: () => {} }, options.relistSeconds * 1000, log);
      reason = await stop.stopped;
      prepared.source?.stop();
      if (reason.kind === 'done') {
        output.status(`Stopping: ${reason.why}`);
        await logs.settle(LOG_SETTLE_MS);
      } else output.status('Stopping the pods (Ctrl-C again to kill them now)');
      await forwarder.close();
      stopRelist();
      monitor.stop();
      const graceful = teardownGracefully(teardown, stop.forced.signal);
      const forced = new Promise<void>((resolve) => stop.forced.signal.addEventListener('abort', () => resolve(), { once: true }));
      const done = await Promise.race([graceful, forced.then(() => undefined)]);
      if (done !== true) await teardownNow(teardown);
      clean = (await leftovers(runtime, stateDir)).containers === 0;
      watcher.look(desired);
      eventsAbort.abort();
      await eventsDone;
    } finally {
      clearInterval(looker);
      stopRelist();
      monitor.stop();
      stop.dispose();
      logs.stop();
      loop.stop();
      probes.stop();
      await forwarder.close();
    }
    output.status(clean ? 'Removed every container and volume of the run' : `Some containers of node ${identity.nodeName} are left: run play --down with the same files`);
    return reason.kind === 'done' ? reason.exitCode : signalExitCode(reason.signal);
  } finally {
    await services?.stop();
    await lock.lock.release();
    // The state dir holds the pods' directories: gone with them, kept while something is left.
    if (clean) await rm(stateDir, { recursive: true, force: true }).catch(() => undefined);
    await delay(0);
  }
}

/** `--watch`: edits reach the loop as the daemon's directory does; a broken edit keeps the running pods. */
function watchSource(prepared: PreparedPlay, output: PlayOutput, setDesired: (pods: readonly DesiredPod[]) => void): void {
  prepared.source?.watch({
    onChange: (pods) => {
      output.status(`Applying the edited manifests (${pods.length} ${pods.length === 1 ? 'pod' : 'pods'})`);
      setDesired(pods);
    },
    onProblems: (problems) => {
      for (const p of problems) {
        if (p.severity === 'error') output.error(formatManifestProblem(p));
        else output.warn(formatManifestProblem(p));
      }
      if (problems.some((p) => p.severity === 'error')) output.status('Kept the running pods of the files with errors');
    },
  });
}
