import type { Pod } from '../api/pod-types.js';
import { sandboxBackOffKey } from '../planner/crash-loop-backoff.js';
import type { PodActions } from '../planner/pod-actions.js';
import { makeSandboxSpec } from './make-sandbox-spec.js';
import { runtimeHandlerOf } from './runtime-handler.js';
import { enableHairpin } from './pod-hairpin.js';
import type { SyncContext } from './sync-context.js';

/** Hairpin on the pod's bridge port (`enableHairpin`); a failure costs only hairpin Service traffic: logged, never fatal. */
async function setUpHairpin(ctx: SyncContext, sandboxId: string, log: SyncContext['log']): Promise<void> {
  try {
    const pid = (await ctx.runtime.inspectContainer(sandboxId))?.pid;
    if (pid !== undefined) await enableHairpin(pid);
  } catch (err) {
    log.warn({ err: { message: (err as Error).message } }, 'Failed to set hairpin mode on the pod\'s bridge port: the pod cannot reach itself through its Services');
  }
}

export type SandboxResult = { ok: true; id: string } | { ok: false; retryAtMs: number };

/**
 * kubelet SyncPod step 4 (createPodSandbox), first half: the DNS settings, then the pause container
 * created while the pod cgroup is made (the kubelet makes the cgroup first; a created container
 * runs nothing, and the start waits for both). The executor overlaps its start (`startSandbox`)
 * with the creation of the app containers, which may join a sandbox that does not run yet. A
 * failure is an event and a back-off (the kubelet fails the sync and retries it), never an
 * exception.
 */
export async function createSandboxContainer(ctx: SyncContext, pod: Pod, actions: PodActions): Promise<SandboxResult> {
  const uid = pod.metadata.uid;
  if (actions.sandboxChanged) {
    ctx.events.record(uid, { type: 'Normal', reason: 'SandboxChanged', message: 'Pod sandbox changed, it will be killed and re-created.' });
  }
  // Never rejects: a pod cgroup that cannot be made leaves the per-container limits, as `ensure` does.
  const cgroupMade = ctx.host.ensurePodCgroup(pod).catch((err: unknown) => {
    ctx.log.warn({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: uid, err: { message: (err as Error).message } }, 'Failed to make the pod cgroup; the per-container limits still apply');
  });
  try {
    const { options, dnsWarnings } = await ctx.host.sandboxOptions(pod);
    for (const warning of dnsWarnings) ctx.events.record(uid, { type: 'Warning', ...warning });
    // Inside the try: a spec the kubelet refuses (an FQDN over 64 characters) fails this sandbox only.
    const spec = makeSandboxSpec({
      pod,
      attempt: actions.sandboxAttempt,
      nodeName: ctx.node.nodeName,
      pauseImage: ctx.node.pauseImage,
      oomScoreAdj: ctx.node.sandboxOomScoreAdj,
      clusterDomain: ctx.node.clusterDomain,
      ...options,
    });
    Object.assign(spec, runtimeHandlerOf(pod, ctx.node.runtimeHandlers));
    const [id] = await Promise.all([ctx.runtime.createContainer(spec), cgroupMade]);
    return { ok: true, id };
  } catch (err) {
    await cgroupMade; // a removal of the pod then finds the cgroup made
    return sandboxFailed(ctx, pod, err);
  }
}

/**
 * The second half: the pause container started. A sandbox that did not start is removed, so the
 * next try reuses its attempt number.
 */
export async function startSandbox(ctx: SyncContext, pod: Pod, actions: PodActions, id: string): Promise<SandboxResult> {
  try {
    await ctx.runtime.startContainer(id);
  } catch (err) {
    await ctx.runtime.removeContainer(id).catch(() => undefined);
    return sandboxFailed(ctx, pod, err);
  }
  if (!pod.spec.hostNetwork) await setUpHairpin(ctx, id, ctx.log.child({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: pod.metadata.uid }));
  ctx.backOff.reset(sandboxBackOffKey(pod.metadata.uid));
  ctx.log.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: pod.metadata.uid, sandboxId: id.slice(0, 12), attempt: actions.sandboxAttempt }, 'Created pod sandbox');
  return { ok: true, id };
}

function sandboxFailed(ctx: SyncContext, pod: Pod, err: unknown): SandboxResult {
  const uid = pod.metadata.uid;
  const failure = ctx.backOff.next(sandboxBackOffKey(uid));
  const message = `Failed to create pod sandbox: ${(err as Error).message}`;
  ctx.events.record(uid, { type: 'Warning', reason: 'FailedCreatePodSandBox', message });
  ctx.log.warn({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUid: uid, err: { message: (err as Error).message }, retryInMs: failure.delayMs }, 'Failed to create pod sandbox');
  return { ok: false, retryAtMs: failure.lastUpdateMs + failure.delayMs };
}
