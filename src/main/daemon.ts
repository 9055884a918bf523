import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Docker from 'dockerode';
import { hashContainer } from '../api/container-hash.js';
import type { AgentOptions } from '../config/agent-options.js';
import { SANDBOX_OOM_SCORE_ADJ } from '../executor/make-sandbox-spec.js';
import { PodSyncer } from '../executor/pod-syncer.js';
import { TerminationMessages } from '../executor/termination-messages.js';
import { ImageCredentialsFile } from '../images/image-credentials-file.js';
import { ManifestSource } from '../manifests/manifest-source.js';
import type { BackOffEntry } from '../planner/crash-loop-backoff.js';
import { DockerRuntime } from '../runtime/docker/docker-runtime.js';
import { ensurePauseImage } from '../runtime/docker/ensure-pause-image.js';
import { canLowerOomScore } from '../runtime/docker/probe-oom-score-adj.js';
import { createAgentState } from '../server/agent-state.js';
import { createApiServer } from '../server/api-server.js';
import { detectHostIP } from '../shared/host-ip.js';
import { createLogger } from '../shared/logger.js';
import { waitForEngine } from '../shared/wait-for-engine.js';
import { EventRecorder } from '../status/event-recorder.js';
import { StatusStore } from '../status/status-store.js';
import { SyncLoop } from '../workers/sync-loop.js';
import { followRuntimeEvents } from './follow-runtime-events.js';

/** How long SIGTERM waits for syncs under way (a container stop may take its grace period). */
const SHUTDOWN_DRAIN_MS = 30_000;

/** kubelet: a failed sync is retried after 10 s. */
const SYNC_RETRY_MS = 10_000;

/**
 * The composition root: wires the components, owns start and shutdown order, holds no logic.
 * SIGTERM/SIGINT stop the agent and leave the pods running (as the kubelet does); the next start
 * adopts them from their Docker labels.
 */
export async function runAgent(options: AgentOptions): Promise<void> {
  const log = createLogger(options.logLevel);
  const now = Date.now;
  const shutdown = new AbortController();
  const stopOn = (signal: NodeJS.Signals) => process.once(signal, () => {
    log.info({ signal }, 'Stopping the agent; pods keep running');
    shutdown.abort();
  });
  stopOn('SIGTERM');
  stopOn('SIGINT');

  const rootDir = path.resolve(options.rootDir);
  await mkdir(rootDir, { recursive: true, mode: 0o755 });
  const docker = new Docker();
  const runtime = new DockerRuntime({ docker, nodeName: options.nodeName, maxConcurrentCalls: options.maxConcurrentDockerCalls });
  const version = await waitForEngine(runtime, log.child({ component: 'runtime' }), shutdown.signal).catch(() => undefined);
  if (!version) return;
  log.info({ engineVersion: version, nodeName: options.nodeName, manifestDir: options.manifestDir, rootDir }, 'Connected to the Docker engine');
  await ensurePauseImage(docker, options.pauseImage, log.child({ component: 'pause-image' }));
  const lowerOom = await canLowerOomScore(docker, options.pauseImage, options.nodeName, log.child({ component: 'runtime' }));

  const imageCredentials = options.imageCredentials ? new ImageCredentialsFile(options.imageCredentials, log.child({ component: 'images' })) : undefined;
  const events = new EventRecorder(now);
  const store = new StatusStore();
  const backOff = new Map<string, BackOffEntry>();
  const backOffPolicy = { initialMs: options.backOffInitialSeconds * 1000, maxMs: options.backOffMaxSeconds * 1000 };
  const hostIP = detectHostIP();
  const syncer = new PodSyncer({
    runtime, events, log: log.child({ component: 'pod-syncer' }), nodeName: options.nodeName, rootDir,
    pauseImage: options.pauseImage, sandboxOomScoreAdj: lowerOom ? SANDBOX_OOM_SCORE_ADJ : undefined, now, backOff, backOffPolicy, pullBackOff: new Map(), hashContainer,
    credentials: (image) => imageCredentials?.lookup(image),
  });
  const loop = new SyncLoop({
    runtime, syncer, store, events, log: log.child({ component: 'sync-loop' }), now, nodeName: options.nodeName,
    hostIP: () => hostIP, rootDir, backOff, backOffPolicy, hashContainer, retryMs: SYNC_RETRY_MS,
    terminationMessages: new TerminationMessages(runtime, rootDir),
  });
  const source = new ManifestSource({
    dir: path.resolve(options.manifestDir), nodeName: options.nodeName, rescanMs: options.resyncSeconds * 1000,
    log: log.child({ component: 'manifest-source' }), now, onChange: (snapshot) => loop.setDesired(snapshot.pods),
  });
  const server = createApiServer({
    api: createAgentState({ nodeName: options.nodeName, store, events, manifestProblems: () => source.snapshot().problems }),
    runtime,
    log,
  });

  // Desired state first, so the first relist never removes a pod whose manifest is still there.
  await source.start();
  const eventsDone = followRuntimeEvents({ runtime, loop, log: log.child({ component: 'runtime-events' }), signal: shutdown.signal });
  await loop.relist();
  const relistTimer = setInterval(() => {
    loop.relist().catch((err) => log.warn({ err }, 'Failed to relist containers'));
  }, options.relistSeconds * 1000);
  const socketPath = options.socket ?? path.join(rootDir, 'minikubelet.sock');
  await server.listen(socketPath);
  log.info({ socket: socketPath }, 'Agent is running');

  await new Promise<void>((resolve) => shutdown.signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(relistTimer);
  source.stop();
  loop.stop();
  // Syncs under way finish (a container created is also started), so nothing is left half-made.
  const drained = await Promise.race([loop.idle().then(() => true), delay(SHUTDOWN_DRAIN_MS, undefined, { ref: false }).then(() => false)]);
  if (!drained) log.warn({ waitedMs: SHUTDOWN_DRAIN_MS }, 'Stopped waiting for pod syncs under way');
  await server.close();
  await eventsDone;
  log.info('Stopped the agent');
}
