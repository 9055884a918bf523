import type { PodFacts } from '../api/pod-facts.js';
import type { Pod } from '../api/pod-types.js';
import type { PodActions } from '../planner/pod-actions.js';
import type { ObservedPod } from '../runtime/observed-pod.js';
import { LABEL_GRACE_PERIOD } from '../runtime/labels.js';
import type { ObservedContainer } from '../runtime/types.js';
import { containerFieldPath } from '../status/event-recorder.js';
import type { ContainerStartResult } from '../status/reason-cache.js';
import { SANDBOX_GRACE_SECONDS, type PodIPLookup, graceOf, killContainer, killRunning } from './kill-step.js';
import { podIPLookup } from './lifecycle-hooks.js';
import { createSandboxContainer, type SandboxResult, startSandbox } from './sandbox-step.js';
import { startsTogether } from './start-order.js';
import { type StartTarget, createContainerStep, runContainerStep, startContainer } from './start-step.js';
import type { SyncContext } from './sync-context.js';

const DEFAULT_GRACE_SECONDS = 30;

/** What one sync did (kubelet `PodSyncResult`): each start tried, and when to sync again after a failure. */
export interface PodSyncResult {
  /** Containers waiting in back-off, then each start tried, in order: the reason cache's input. */
  starts: ContainerStartResult[];
  /** A step failed and backs off until then (a sandbox that could not be created). */
  retryAtMs?: number;
}

/**
 * Carries out a pod's plan against the runtime, in the kubelet's fixed order (SyncPod,
 * kuberuntime_manager.go): kill → garbage-collect → sandbox → next init container → app
 * containers in spec order. Expected failures (pull, create, start) are step results and events,
 * never exceptions; the next sync converges. Decides nothing: the plan did.
 */
export class PodSyncer {
  /** The postStart hooks of a sync under way, by pod: aborted when the pod is deleted. */
  private readonly postStarts = new Map<string, AbortController>();

  constructor(private readonly ctx: SyncContext) {}

  /** The pod is going away: stop waiting for its postStart hook (the kubelet cancels the sync's context). */
  cancelPostStart(podUid: string): void {
    this.postStarts.get(podUid)?.abort();
  }

  async syncPod(pod: Pod, facts: PodFacts, actions: PodActions, observed: ObservedPod): Promise<PodSyncResult> {
    const uid = pod.metadata.uid;
    const result: PodSyncResult = { starts: [] };
    for (const w of actions.waiting) {
      const fieldPath = containerFieldPath(pod.spec.initContainers.some((c) => c.name === w.name) ? 'init' : 'app', w.name);
      this.ctx.events.record(uid, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${w.name} in pod ${facts.ref}`, fieldPath });
      result.starts.push({ name: w.name, error: { reason: w.reason, message: w.message } });
    }
    // Step 1: kill what must go.
    const podIP = this.podIP(observed.containers, actions.sandboxId, pod.spec.hostNetwork);
    await this.kill(pod, actions, observed, podIP);
    // Step 2: garbage-collect dead containers beyond the last one of each name.
    for (const id of actions.containersToRemove) await this.ctx.runtime.removeContainer(id);
    // Step 3: the sandbox, created; it starts while the volumes are set up and the app containers
    // created (they may join a sandbox that does not run yet), and is waited for before any starts.
    let sandboxId = actions.sandboxId;
    let sandboxStart: Promise<SandboxResult> | undefined;
    if (actions.createSandbox) {
      const sandbox = await createSandboxContainer(this.ctx, pod, actions);
      if (!sandbox.ok) return { ...result, retryAtMs: sandbox.retryAtMs };
      sandboxId = sandbox.id;
      sandboxStart = startSandbox(this.ctx, pod, actions, sandbox.id);
    }
    const sandboxStarted = sandboxStart ? sandboxStart.then((s) => s.ok) : Promise.resolve(true);
    const sandboxFailure = async (): Promise<PodSyncResult | undefined> => {
      const started = await sandboxStart;
      return started && !started.ok ? { ...result, retryAtMs: started.retryAtMs } : undefined;
    };
    if (!sandboxId || (!actions.initContainerToStart && actions.sidecarsToStart.length === 0 && actions.containersToStart.length === 0)) {
      return (await sandboxFailure()) ?? result;
    }
    const volumes = await this.ctx.host.prepareVolumes(pod);
    // The kubelet logs a failed ownership change and goes on (pkg/volume/volume_linux.go).
    for (const w of volumes.warnings) this.ctx.log.warn({ pod: facts.key, podUid: uid, volume: w.volume, message: w.message }, 'Failed to set volume ownership');
    // kubelet WaitForAttachAndMount: no container starts until every volume is mounted.
    if (volumes.mountFailures.size > 0) {
      this.failedMounts(pod, facts, volumes.mountFailures);
      return (await sandboxFailure()) ?? result;
    }
    const abort = new AbortController();
    this.postStarts.set(uid, abort);
    const target: StartTarget = {
      pod, facts, sandboxId, volumes, sandboxStarted,
      podIP: this.podIP([], sandboxId, pod.spec.hostNetwork), postStart: abort.signal,
    };
    // Step 4: sidecars to start again, then the one next init container (kubelet SyncPod step 6);
    // a sidecar that fails to start does not hold the rest back.
    const steps = [...actions.sidecarsToStart, ...(actions.initContainerToStart ? [actions.initContainerToStart] : [])];
    if (steps.length === 0 && startsTogether(pod.spec.containers, actions.containersToStart)) {
      // Step 5, when nothing makes the order observable: each app container created, then started
      // as soon as its sandbox runs, all at once; one that finds the sandbox failed is removed.
      const started = await Promise.all(
        actions.containersToStart.map(async (step) => {
          const created = await createContainerStep(this.ctx, target, step);
          if (created.result) return created.result;
          if (await sandboxStarted) return runContainerStep(this.ctx, target, step, created.id);
          await this.ctx.runtime.removeContainer(created.id).catch(() => undefined);
          return undefined;
        }),
      );
      const failed = await sandboxFailure();
      if (failed) return failed;
      result.starts.push(...started.filter((s) => s !== undefined));
    } else {
      const failed = await sandboxFailure();
      if (failed) return failed;
      // Step 5: app containers once initialization is done (the plan has none before), in spec order.
      for (const step of [...steps, ...actions.containersToStart]) result.starts.push(await startContainer(this.ctx, target, step));
    }
    if (this.postStarts.get(uid) === abort) this.postStarts.delete(uid);
    return result;
  }

  /**
   * A running pod's configMap, secret, downwardAPI and projected volumes follow their objects and
   * the pod's labels and annotations (the kubelet remounts them on every sync); a volume that can
   * no longer be set up keeps its files and says why (`FailedMount`).
   */
  async refreshVolumes(pod: Pod, facts: PodFacts): Promise<void> {
    const failures = await this.ctx.host.refreshProjectedVolumes(pod);
    if (failures.size > 0) this.failedMounts(pod, facts, failures);
  }

  private failedMounts(pod: Pod, facts: PodFacts, failures: ReadonlyMap<string, string>): void {
    for (const [volume, error] of failures) {
      const message = `MountVolume.SetUp failed for volume "${volume}" : ${error}`;
      this.ctx.events.record(pod.metadata.uid, { type: 'Warning', reason: 'FailedMount', message });
      this.ctx.log.warn({ pod: facts.key, podUid: pod.metadata.uid, volume, message: error }, 'Failed to mount volume');
    }
  }

  /**
   * Stops every container of the pod (app and init in parallel, each with its grace period), then
   * the sandbox; with `remove`, removes them all and the pod's directory (emptyDir volumes).
   */
  async killPod(podUid: string, observed: readonly ObservedContainer[], options: { remove: boolean; graceSeconds?: number }): Promise<void> {
    const labelled = Number(observed.find((c) => c.labels[LABEL_GRACE_PERIOD])?.labels[LABEL_GRACE_PERIOD] ?? DEFAULT_GRACE_SECONDS);
    const grace = Number.isFinite(labelled) ? labelled : DEFAULT_GRACE_SECONDS;
    // A deletion's own grace period shortens the pod's, never lengthens it (k8s `pod_workers.go`).
    await killRunning(this.ctx, podUid, observed, options.graceSeconds !== undefined ? Math.min(grace, options.graceSeconds) : grace, this.podIP(observed, undefined, false));
    if (!options.remove) return;
    await Promise.all(observed.map((c) => this.ctx.runtime.removeContainer(c.id)));
    await this.ctx.host.removePod(podUid);
  }

  /** A pod with no containers left: its directory (tmpfs mounts unmounted first) and its cgroup. */
  removePodFiles(podUid: string): Promise<void> {
    return this.ctx.host.removePod(podUid);
  }

  private async kill(pod: Pod, actions: PodActions, observed: ObservedPod, podIP: PodIPLookup): Promise<void> {
    const grace = pod.spec.terminationGracePeriodSeconds;
    if (actions.killPod) return killRunning(this.ctx, pod.metadata.uid, observed.containers, grace, podIP, actions.containersToKill);
    for (const k of actions.containersToKill) {
      const c = observed.containers.find((o) => o.id === k.id);
      if (c && k.name !== 'POD') {
        await killContainer(this.ctx, c, k.gracePeriodSeconds ?? grace, k.message, podIP);
        continue;
      }
      const fieldPath = containerFieldPath(pod.spec.initContainers.some((i) => i.name === k.name) ? 'init' : 'app', k.name);
      this.ctx.events.record(pod.metadata.uid, { type: 'Normal', reason: 'Killing', message: k.message, fieldPath });
      await this.ctx.runtime.stopContainer(k.id, k.name === 'POD' ? SANDBOX_GRACE_SECONDS : graceOf(grace));
    }
  }

  private podIP(observed: readonly ObservedContainer[], sandboxId: string | undefined, hostNetwork: boolean): PodIPLookup {
    return podIPLookup(this.ctx.runtime, observed, sandboxId, hostNetwork, () => this.ctx.node.hostIP());
  }
}
