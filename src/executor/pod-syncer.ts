import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Container, Pod } from '../api/pod-types.js';
import { type BackOffEntry, type BackOffPolicy, nextBackOff } from '../planner/crash-loop-backoff.js';
import type { ContainerToKill, ContainerToStart, PodActions } from '../planner/pod-actions.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { LABEL_GRACE_PERIOD } from '../runtime/labels.js';
import type { CreateContainerSpec, ObservedContainer } from '../runtime/types.js';
import { type EventInput, type EventRecorder, containerFieldPath } from '../status/event-recorder.js';
import type { WaitingReason } from '../status/waiting-reason.js';
import type { RegistryAuth } from '../images/registry-credentials.js';
import { crashPoint } from '../shared/fault-injection.js';
import { ensureImage } from './ensure-image.js';
import { podIPLookup, preStopFromLabels, runLifecycleHandler, runPreStop } from './lifecycle-hooks.js';
import { makeContainerSpec } from './make-container-spec.js';
import { makeSandboxSpec } from './make-sandbox-spec.js';
import { terminationMessageFile } from '../volumes/pod-dirs.js';
import type { PodHostSetup } from './pod-host-setup.js';
import type { PreparedVolumes } from './prepare-volumes.js';

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
  /** The node's IP: where hostNetwork pods' httpGet hooks go. */
  hostIP?: () => string;
  /** Pod cgroup, volumes, DNS and the host-side container checks (`pod-host-setup.ts`). */
  host: PodHostSetup;
  /** `--cluster-domain`: ends the FQDN of pods with a subdomain. */
  clusterDomain: string;
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
  /** The postStart hook running for a pod, if any: aborted when the pod is deleted. */
  private readonly postStarts = new Map<string, AbortController>();

  constructor(private readonly deps: PodSyncerDeps) {}

  /** The pod is going away: stop waiting for its postStart hook (the kubelet cancels the sync's context). */
  cancelPostStart(podUid: string): void {
    this.postStarts.get(podUid)?.abort();
  }

  /** A pod with no containers left: its directory (tmpfs mounts unmounted first) and its cgroup. */
  removePodFiles(podUid: string): Promise<void> {
    return this.deps.host.removePod(podUid);
  }

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
    const podIP = this.podIP(observed, actions.sandboxId, pod.spec.hostNetwork);
    if (actions.killPod) {
      await this.killRunning(uid, observed, pod.spec.terminationGracePeriodSeconds, podIP, actions.containersToKill);
    } else {
      for (const k of actions.containersToKill) {
        const c = observed.find((o) => o.id === k.id);
        if (c && k.name !== 'POD') {
          await this.killContainer(c, k.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds, k.message, podIP);
          continue;
        }
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
    const volumes = await this.deps.host.prepareVolumes(pod);
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
    await this.killRunning(podUid, observed, Number.isFinite(grace) ? grace : DEFAULT_GRACE_SECONDS, this.podIP(observed, undefined, false));
    if (!options.remove) return;
    await Promise.all(observed.map((c) => this.deps.runtime.removeContainer(c.id)));
    await this.deps.host.removePod(podUid);
    this.reasons.delete(podUid);
    this.sandboxFailures.delete(podUid);
  }

  /** `planned`: kills the plan asked for (a failed probe), whose message and grace period win. */
  private async killRunning(
    podUid: string,
    observed: readonly ObservedContainer[],
    graceSeconds: number,
    podIP: () => Promise<string | undefined>,
    planned: readonly ContainerToKill[] = [],
  ): Promise<void> {
    const running = observed.filter((c) => c.kind !== 'sandbox' && c.state === 'running' && c.podUid === podUid);
    const byId = new Map(planned.map((k) => [k.id, k]));
    await Promise.all(
      running.map((c) => {
        const k = byId.get(c.id);
        return this.killContainer(c, k?.gracePeriodSeconds ?? graceSeconds, k?.message ?? `Stopping container ${c.containerName}`, podIP);
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
    let id: string | undefined;
    try {
      // Inside the try: a spec the kubelet refuses (an FQDN over 64 characters) fails this sandbox only.
      const spec = makeSandboxSpec({
        pod,
        attempt: actions.sandboxAttempt,
        nodeName: this.deps.nodeName,
        pauseImage: this.deps.pauseImage,
        oomScoreAdj: this.deps.sandboxOomScoreAdj,
        clusterDomain: this.deps.clusterDomain,
        ...(await this.deps.host.sandboxOptions(pod)),
      });
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
    const postStart = container.lifecycle?.postStart;
    if (postStart) await this.runPostStart(pod, container, id, sandboxId, fieldPath, log);
  }

  /**
   * kubelet killContainer (kuberuntime_container.go): the `Killing` event, the preStop hook the
   * container was created with (from its label, so it runs even when the pod's spec is gone)
   * within the grace period, then SIGTERM with what is left of it (at least 2 s), SIGKILL after.
   */
  private async killContainer(c: ObservedContainer, graceSeconds: number, message: string, podIP: () => Promise<string | undefined>): Promise<void> {
    const fieldPath = containerFieldPath(c.kind === 'init' ? 'init' : 'app', c.containerName);
    this.event(c.podUid, { type: 'Normal', reason: 'Killing', message, fieldPath });
    let grace = graceSeconds;
    const preStop = preStopFromLabels(c.labels);
    if (preStop && grace > 0) {
      const podRef = `${c.podName}_${c.podNamespace}(${c.podUid})`;
      const target = { runtime: this.deps.runtime, podRef, containerName: c.containerName, containerId: c.id, ports: [], podIP };
      const { spentSeconds, failure } = await runPreStop(preStop, target, grace, this.deps.now);
      if (failure) {
        // kubelet: the details stay out of the event (they may hold secrets).
        this.event(c.podUid, { type: 'Warning', reason: 'FailedPreStopHook', message: 'PreStopHook failed', fieldPath });
        this.deps.log.warn({ pod: `${c.podNamespace}/${c.podName}`, podUid: c.podUid, container: c.containerName, message: failure }, 'Failed to run preStop hook');
      }
      grace -= spentSeconds;
    }
    await this.deps.runtime.stopContainer(c.id, graceOf(grace));
  }

  /**
   * kubelet startContainer step 4: the postStart hook, right after the start and before the next
   * container starts. On failure: `FailedPostStartHook` (details kept out of the event), the
   * container is killed (preStop and grace period as any kill), and it waits with reason
   * `PostStartHookError` and the hook's message until it is restarted per restartPolicy.
   */
  private async runPostStart(pod: Pod, container: Container, id: string, sandboxId: string, fieldPath: string, log: Logger): Promise<void> {
    const uid = pod.metadata.uid;
    const abort = new AbortController();
    this.postStarts.set(uid, abort);
    const podIP = this.podIP([], sandboxId, pod.spec.hostNetwork);
    const target = { runtime: this.deps.runtime, podRef: podRef(pod), containerName: container.name, containerId: id, ports: container.ports, podIP };
    const failure = await runLifecycleHandler(container.lifecycle!.postStart!, target, abort.signal);
    if (this.postStarts.get(uid) === abort) this.postStarts.delete(uid);
    if (failure === undefined) return;
    this.event(uid, { type: 'Warning', reason: 'FailedPostStartHook', message: 'PostStartHook failed', fieldPath });
    log.warn({ message: failure }, 'Failed to run postStart hook');
    const started = await this.deps.runtime.inspectContainer(id);
    if (started) await this.killContainer(started, pod.spec.terminationGracePeriodSeconds, 'FailedPostStartHook', podIP);
    this.reasonCache(uid).set(container.name, { reason: 'PostStartHookError', message: failure });
  }

  private podIP(observed: readonly ObservedContainer[], sandboxId: string | undefined, hostNetwork: boolean): () => Promise<string | undefined> {
    return podIPLookup(this.deps.runtime, observed, sandboxId, hostNetwork, () => this.deps.hostIP?.());
  }

  private async containerConfig(
    pod: Pod,
    step: ContainerToStart,
    container: Container,
    sandboxId: string,
    volumes: PreparedVolumes,
    backOff: BackOffEntry | undefined,
  ): Promise<{ error: string } | { spec: CreateContainerSpec }> {
    const host = await this.deps.host.containerOptions(pod, container, volumes);
    if ('error' in host) return host;
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
      ...host,
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
