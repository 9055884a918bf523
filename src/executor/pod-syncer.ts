import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Container, Pod } from '../api/pod-types.js';
import { type BackOffEntry, type BackOffPolicy, nextBackOff } from '../planner/crash-loop-backoff.js';
import type { ContainerToStart, PodActions } from '../planner/pod-actions.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { LABEL_GRACE_PERIOD } from '../runtime/labels.js';
import type { CreateContainerSpec, ObservedContainer } from '../runtime/types.js';
import { type EventInput, type EventRecorder, containerFieldPath } from '../status/event-recorder.js';
import type { WaitingReason } from '../status/waiting-reason.js';
import type { RegistryAuth } from '../images/registry-credentials.js';
import { crashPoint } from '../shared/fault-injection.js';
import { ensureImage } from './ensure-image.js';
import { makeContainerSpec } from './make-container-spec.js';
import { makeSandboxSpec } from './make-sandbox-spec.js';
import { podDir, terminationMessageFile } from './pod-dirs.js';
import { type PreparedVolumes, prepareVolumes, resolveSubPath } from './prepare-volumes.js';

/** kubelet `minimumGracePeriodInSeconds`: a container always gets at least 2 s after SIGTERM. */
const MIN_GRACE_SECONDS = 2;
/** cri-dockerd `defaultSandboxGracePeriod`. */
const SANDBOX_GRACE_SECONDS = 10;
const DEFAULT_GRACE_SECONDS = 30;

export interface PodSyncerDeps {
  runtime: ContainerRuntime;
  events: EventRecorder;
  log: Logger;
  nodeName: string;
  rootDir: string;
  pauseImage: string;
  /** The sandbox's oom_score_adj (cri-dockerd: −998), undefined where the engine cannot lower it. */
  sandboxOomScoreAdj: number | undefined;
  now: () => number;
  /** Crash-loop back-off entries by key; advanced here when a restart goes ahead. */
  backOff: Map<string, BackOffEntry>;
  backOffPolicy: BackOffPolicy;
  pullBackOff: Map<string, BackOffEntry>;
  hashContainer: (c: Container) => string;
  /** Node-level registry credentials for an image (`--image-credentials`). */
  credentials: (image: string) => RegistryAuth | undefined;
}

/**
 * Carries out a pod's plan against the runtime, in the kubelet's fixed order (SyncPod,
 * kuberuntime_manager.go): kill → garbage-collect → sandbox → next init container → app
 * containers in spec order. Expected failures (pull, create, start) become waiting reasons in the
 * reason cache and events, never exceptions; the next sync converges.
 */
export class PodSyncer {
  private readonly reasons = new Map<string, Map<string, WaitingReason>>();
  /** Back-off after failed sandbox creations, by pod UID (the kubelet requeues a failed sync). */
  private readonly sandboxFailures = new Map<string, BackOffEntry>();

  constructor(private readonly deps: PodSyncerDeps) {}

  /** The last sync's start errors per container name (the kubelet's reason cache). */
  reasonCache(podUid: string): Map<string, WaitingReason> {
    let cache = this.reasons.get(podUid);
    if (!cache) this.reasons.set(podUid, (cache = new Map()));
    return cache;
  }

  /** Runs the plan; returns when the pod should be synced again if nothing else wakes it first. */
  async syncPod(pod: Pod, actions: PodActions, observed: readonly ObservedContainer[]): Promise<number | undefined> {
    const uid = pod.metadata.uid;
    const log = this.podLog(pod);
    const reasons = this.reasonCache(uid);
    for (const w of actions.waiting) {
      reasons.set(w.name, { reason: w.reason, message: w.message });
      this.event(uid, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${w.name} in pod ${podRef(pod)}`, fieldPath: fieldPathOf(pod, w.name) });
    }
    // Step 1: kill what must go.
    if (actions.killPod) {
      await this.killRunning(uid, observed, pod.spec.terminationGracePeriodSeconds);
    } else {
      for (const k of actions.containersToKill) {
        this.event(uid, { type: 'Normal', reason: 'Killing', message: k.message, fieldPath: fieldPathOf(pod, k.name) });
        await this.deps.runtime.stopContainer(k.id, k.name === 'POD' ? SANDBOX_GRACE_SECONDS : graceOf(pod.spec.terminationGracePeriodSeconds));
      }
    }
    // Step 2: garbage-collect dead containers beyond the last one of each name.
    for (const id of actions.containersToRemove) await this.deps.runtime.removeContainer(id);
    // Step 3: the sandbox.
    let sandboxId = actions.sandboxId;
    if (actions.createSandbox) {
      const failure = this.sandboxFailures.get(uid);
      const retryAt = failure ? failure.lastUpdateMs + failure.delayMs : 0;
      if (retryAt > this.deps.now()) return retryAt;
      sandboxId = await this.createSandbox(pod, actions);
      if (!sandboxId) {
        const next = this.sandboxFailures.get(uid)!;
        return next.lastUpdateMs + next.delayMs;
      }
    }
    if (!sandboxId || (!actions.initContainerToStart && actions.containersToStart.length === 0)) return undefined;
    const volumes = await prepareVolumes(pod, this.deps.rootDir);
    // Step 4: the one next init container; app containers wait until initialization is done.
    if (actions.initContainerToStart) {
      await this.startContainer(pod, actions.initContainerToStart, sandboxId, volumes);
      return undefined;
    }
    // Step 5: app containers in spec order, each after the previous has started; one failing does not stop the rest.
    for (const step of actions.containersToStart) await this.startContainer(pod, step, sandboxId, volumes);
    log.debug({ started: actions.containersToStart.map((s) => s.name) }, 'Synced pod');
    return undefined;
  }

  /**
   * Stops every container of the pod (app and init in parallel, each with its grace period), then
   * the sandbox; with `remove`, removes them all and the pod's directory (emptyDir volumes).
   */
  async killPod(podUid: string, observed: readonly ObservedContainer[], options: { remove: boolean }): Promise<void> {
    const grace = Number(observed.find((c) => c.labels[LABEL_GRACE_PERIOD])?.labels[LABEL_GRACE_PERIOD] ?? DEFAULT_GRACE_SECONDS);
    await this.killRunning(podUid, observed, Number.isFinite(grace) ? grace : DEFAULT_GRACE_SECONDS);
    if (!options.remove) return;
    await Promise.all(observed.map((c) => this.deps.runtime.removeContainer(c.id)));
    await rm(podDir(this.deps.rootDir, podUid), { recursive: true, force: true });
    this.reasons.delete(podUid);
    this.sandboxFailures.delete(podUid);
  }

  private async killRunning(podUid: string, observed: readonly ObservedContainer[], graceSeconds: number): Promise<void> {
    const running = observed.filter((c) => c.kind !== 'sandbox' && c.state === 'running');
    await Promise.all(
      running.map((c) => {
        this.event(podUid, { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.containerName}`, fieldPath: containerFieldPath(c.kind === 'init' ? 'init' : 'app', c.containerName) });
        return this.deps.runtime.stopContainer(c.id, graceOf(graceSeconds));
      }),
    );
    const sandboxes = observed.filter((c) => c.kind === 'sandbox' && c.state === 'running');
    await Promise.all(sandboxes.map((s) => this.deps.runtime.stopContainer(s.id, SANDBOX_GRACE_SECONDS)));
  }

  private async createSandbox(pod: Pod, actions: PodActions): Promise<string | undefined> {
    const uid = pod.metadata.uid;
    if (actions.sandboxChanged) {
      this.event(uid, { type: 'Normal', reason: 'SandboxChanged', message: 'Pod sandbox changed, it will be killed and re-created.' });
    }
    const spec = makeSandboxSpec({
      pod,
      attempt: actions.sandboxAttempt,
      nodeName: this.deps.nodeName,
      pauseImage: this.deps.pauseImage,
      oomScoreAdj: this.deps.sandboxOomScoreAdj,
    });
    let id: string | undefined;
    try {
      id = await this.deps.runtime.createContainer(spec);
      await this.deps.runtime.startContainer(id);
      this.sandboxFailures.delete(uid);
      this.podLog(pod).info({ sandboxId: id.slice(0, 12), attempt: actions.sandboxAttempt }, 'Created pod sandbox');
      return id;
    } catch (err) {
      // A sandbox that did not start is removed, so the next try reuses its attempt number.
      if (id) await this.deps.runtime.removeContainer(id).catch(() => undefined);
      const failure = nextBackOff(this.sandboxFailures.get(uid), this.deps.now(), this.deps.backOffPolicy);
      this.sandboxFailures.set(uid, failure);
      const message = `Failed to create pod sandbox: ${(err as Error).message}`;
      this.event(uid, { type: 'Warning', reason: 'FailedCreatePodSandBox', message });
      this.podLog(pod).warn({ err: { message: (err as Error).message }, retryInMs: failure.delayMs }, 'Failed to create pod sandbox');
      return undefined;
    }
  }

  private async startContainer(pod: Pod, step: ContainerToStart, sandboxId: string, volumes: PreparedVolumes): Promise<void> {
    const uid = pod.metadata.uid;
    const container = (step.kind === 'init' ? pod.spec.initContainers : pod.spec.containers)[step.index]!;
    const fieldPath = containerFieldPath(step.kind, container.name);
    const log = this.podLog(pod).child({ container: container.name, attempt: step.attempt });
    const fail = (reason: string, message: string) => {
      this.reasonCache(uid).set(container.name, { reason, message });
      this.event(uid, { type: 'Warning', reason: 'Failed', message: `Error: ${message}`, fieldPath });
      log.warn({ reason, message }, 'Failed to start container');
    };
    let backOff: BackOffEntry | undefined;
    if (step.backOffKey) {
      const previous = this.deps.backOff.get(step.backOffKey);
      backOff = nextBackOff(previous, this.deps.now(), this.deps.backOffPolicy, step.backOffEventMs);
      this.deps.backOff.set(step.backOffKey, backOff);
    }
    let id = step.existingId;
    if (!id) {
      const image = await ensureImage(
        {
          runtime: this.deps.runtime,
          pullBackOff: this.deps.pullBackOff,
          policy: this.deps.backOffPolicy,
          now: this.deps.now,
          event: (e) => this.event(uid, { ...e, fieldPath }),
          credentials: this.deps.credentials,
          onPullProgress: (image, line) => log.debug({ image, progress: line }, 'Pulling image'),
        },
        uid,
        container.image,
        container.imagePullPolicy,
      );
      if (!image.ok) {
        this.reasonCache(uid).set(container.name, { reason: image.reason, message: image.message });
        return;
      }
      const config = await this.containerConfig(pod, step, container, sandboxId, volumes, backOff);
      if ('error' in config) return fail('CreateContainerConfigError', config.error);
      try {
        id = await this.deps.runtime.createContainer(config.spec);
      } catch (err) {
        return fail('CreateContainerError', (err as Error).message);
      }
      this.event(uid, { type: 'Normal', reason: 'Created', message: `Created container: ${container.name}`, fieldPath });
      crashPoint('after-create', container.name);
    }
    try {
      await this.deps.runtime.startContainer(id);
    } catch (err) {
      return fail('RunContainerError', (err as Error).message);
    }
    crashPoint('after-start', container.name);
    this.reasonCache(uid).delete(container.name);
    this.event(uid, { type: 'Normal', reason: 'Started', message: `Started container ${container.name}`, fieldPath });
    log.info({ containerId: id.slice(0, 12) }, 'Started container');
  }

  private async containerConfig(
    pod: Pod,
    step: ContainerToStart,
    container: Container,
    sandboxId: string,
    volumes: PreparedVolumes,
    backOff: BackOffEntry | undefined,
  ): Promise<{ error: string } | { spec: CreateContainerSpec }> {
    const subPathSources = new Map<string, string>();
    for (const m of container.volumeMounts) {
      const volumeError = volumes.errors.get(m.name);
      if (volumeError) return { error: `volume "${m.name}": ${volumeError}` };
      const root = volumes.paths.get(m.name);
      if (root === undefined) return { error: `volume "${m.name}" is not defined in spec.volumes` };
      if (m.subPath) {
        try {
          subPathSources.set(m.mountPath, await resolveSubPath(root, m.subPath));
        } catch (err) {
          return { error: `failed to prepare subPath for volumeMount "${m.name}" of container "${container.name}": ${(err as Error).message}` };
        }
      }
    }
    const terminationFile = terminationMessageFile(this.deps.rootDir, pod.metadata.uid, container.name, step.attempt);
    try {
      await mkdir(path.dirname(terminationFile), { recursive: true });
      await writeFile(terminationFile, '', { mode: 0o666 });
      await chmod(terminationFile, 0o666);
    } catch (err) {
      return { error: `cannot create the termination message file ${terminationFile}: ${(err as Error).message}` };
    }
    const spec = makeContainerSpec({
      pod,
      terminationMessageFile: terminationFile,
      ...(backOff ? { backOff } : {}),
      container,
      kind: step.kind,
      attempt: step.attempt,
      sandboxId,
      nodeName: this.deps.nodeName,
      specHash: this.deps.hashContainer(container),
      volumePaths: volumes.paths,
      subPathSources,
    });
    return { spec };
  }

  private event(podUid: string, e: EventInput): void {
    this.deps.events.record(podUid, e);
  }

  private podLog(pod: Pod): Logger {
    return this.deps.log.child({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: pod.metadata.uid });
  }
}

function graceOf(seconds: number): number {
  return Math.max(MIN_GRACE_SECONDS, seconds);
}

function podRef(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

function fieldPathOf(pod: Pod, name: string): string {
  return containerFieldPath(pod.spec.initContainers.some((c) => c.name === name) ? 'init' : 'app', name);
}
