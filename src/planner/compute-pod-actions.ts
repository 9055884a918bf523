import type { Container, Pod } from '../api/pod-types.js';
import type { ProbeResult } from '../probes/probe-result.js';
import type { ObservedPod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';
import { nextAttempt } from '../runtime/container-instances.js';
import type { BackOffReader } from '../shared/backoff-store.js';
import { type BackOffPolicy, backOffKey, backOffUntil, formatGoDuration, sandboxBackOffKey } from './crash-loop-backoff.js';
import { findNextInitContainer } from './init-containers.js';
import { type ContainerToStart, type ContainerWaiting, type PodActions, emptyPodActions } from './pod-actions.js';
import { shouldRestart, succeeded } from './restart-policy.js';

export interface PodActionsInput {
  pod: Pod;
  /** Every container of this pod the engine has (any sandbox, any attempt), grouped. */
  observed: ObservedPod;
  /** Hash of each desired container spec, by container name (init and app). */
  specHashes: ReadonlyMap<string, string>;
  /** Crash-loop and sandbox-creation back-off entries. */
  backOff: BackOffReader;
  backOffPolicy: BackOffPolicy;
  nowMs: number;
  /** Liveness results by container ID (the prober's cache): a running container at `failure` is killed. */
  liveness?: ReadonlyMap<string, ProbeResult>;
  /** Startup results by container ID: a running container at `failure` is killed. */
  startup?: ReadonlyMap<string, ProbeResult>;
}

type Plan = PodActions;

/**
 * The kubelet's computePodActions (kuberuntime_manager.go), pure: what to kill, whether a new
 * sandbox is needed, the next init container, the app containers to start, and which are held in
 * crash-loop back-off. See KUBELET-SEMANTICS.md §5.
 */
export function computePodActions(input: PodActionsInput): PodActions {
  const plan = planContainers(input);
  plan.containersToRemove = garbage(input.observed, plan);
  return plan;
}

function planContainers(input: PodActionsInput): PodActions {
  const plan = emptyPodActions();
  const { observed } = input;
  const current = observed.sandbox;
  const runningSandboxes = observed.sandboxes.filter((s) => s.state === 'running');
  const sandboxReady = current?.state === 'running' && (input.pod.spec.hostNetwork || !!current.ip);
  if (!sandboxReady) return planNewSandbox(input, plan, current);

  plan.sandboxId = current.id;
  plan.sandboxAttempt = current.attempt;
  for (const extra of runningSandboxes.slice(1)) {
    plan.containersToKill.push({ id: extra.id, name: 'POD', message: 'Stopping a duplicate pod sandbox' });
  }
  for (const c of observed.containers) {
    if (c.kind !== 'sandbox' && c.state === 'running' && c.sandboxId !== current.id) {
      plan.containersToKill.push({ id: c.id, name: c.containerName, message: `Stopping container ${c.containerName}: it belongs to an old pod sandbox` });
    }
  }
  const init = findNextInitContainer(input.pod, initInSandbox(observed, current.id), appRunning(observed));
  if (init.failed && input.pod.spec.restartPolicy === 'Never') {
    plan.killPod = true;
    return plan;
  }
  if (!init.done) {
    if (init.next !== undefined) {
      const spec = input.pod.spec.initContainers[init.next]!;
      // An instance created in an old sandbox is not started by its id: it would join the dead sandbox.
      const inSandbox = (observed.init.get(spec.name) ?? []).some((c) => c.sandboxId === current.id);
      const step = planStart(input, 'init', init.next, spec, !inSandbox);
      if ('reason' in step) addWaiting(plan, step);
      else plan.initContainerToStart = step;
    }
    return plan;
  }
  planAppContainers(input, plan, current.id);
  return plan;
}

function planNewSandbox(input: PodActionsInput, plan: Plan, newest: ObservedContainer | undefined): Plan {
  const { pod } = input;
  const { observed } = input;
  const anyRunning = observed.containers.some((c) => c.state === 'running');
  const hasStatuses = observed.containers.some((c) => c.kind !== 'sandbox');
  plan.killPod = anyRunning;
  plan.sandboxAttempt = newest ? newest.attempt + 1 : 0;
  // kubelet: a Never pod whose sandbox died after its containers ran is not brought back.
  if (pod.spec.restartPolicy === 'Never' && newest && hasStatuses) return plan;
  const apps = observed.app;
  // kubelet: every container starts again in the new sandbox, except under OnFailure those that
  // succeeded; one still running in the dead sandbox is killed (killPod) and started again too.
  const toStart = pod.spec.containers.filter((c) => {
    const newest = apps.get(c.name)?.[0];
    return !(pod.spec.restartPolicy === 'OnFailure' && newest !== undefined && succeeded(newest));
  });
  if (toStart.length === 0 && findNextInitContainer(pod, observed.init, appRunning(observed)).done) return plan;
  // kubelet: a failed sandbox creation fails the sync, retried with back-off.
  const key = sandboxBackOffKey(pod.metadata.uid);
  const failure = input.backOff.get(key);
  const retryAt = failure ? backOffUntil(failure, failure.lastUpdateMs, input.nowMs, input.backOffPolicy) : undefined;
  if (retryAt !== undefined) {
    plan.requeueAtMs = retryAt;
    return plan;
  }
  plan.createSandbox = true;
  plan.sandboxChanged = !!newest;
  // A new sandbox re-runs every init container from the first (kubelet §5.2).
  if (pod.spec.initContainers.length > 0) {
    const first = planStart(input, 'init', 0, pod.spec.initContainers[0]!, true);
    if ('reason' in first) addWaiting(plan, first);
    else plan.initContainerToStart = first;
    return plan;
  }
  for (const c of toStart) {
    const step = planStart(input, 'app', pod.spec.containers.indexOf(c), c, true);
    if ('reason' in step) addWaiting(plan, step);
    else plan.containersToStart.push(step);
  }
  return plan;
}

function planAppContainers(input: PodActionsInput, plan: Plan, sandboxId: string): void {
  const { pod } = input;
  const apps = input.observed.app;
  let keep = 0;
  pod.spec.containers.forEach((spec, index) => {
    const instances = apps.get(spec.name) ?? [];
    const inSandbox = instances.find((c) => c.sandboxId === sandboxId);
    if (inSandbox?.state === 'running') {
      const want = input.specHashes.get(spec.name);
      if (want && inSandbox.specHash && want !== inSandbox.specHash) {
        plan.containersToKill.push({ id: inSandbox.id, name: spec.name, message: `Container ${spec.name} definition changed, will be restarted` });
        plan.containersToStart.push({ kind: 'app', index, name: spec.name, attempt: nextAttempt(instances) });
      } else if (!planProbeKill(input, plan, spec, index, inSandbox)) {
        keep++;
      }
      return;
    }
    if (inSandbox?.state === 'unknown') {
      plan.containersToKill.push({ id: inSandbox.id, name: spec.name, message: `Container ${spec.name} is in an unknown state, will be restarted` });
    }
    const newest = inSandbox ?? instances[0];
    // Still running in an old sandbox: killed above, started again here whatever the policy (as for a changed spec).
    const inOldSandbox = !inSandbox && newest?.state === 'running';
    if (!inOldSandbox && !shouldRestart(newest, pod.spec.restartPolicy)) return;
    const step = planStart(input, 'app', index, spec, !inSandbox);
    if ('reason' in step) addWaiting(plan, step);
    else plan.containersToStart.push(step);
  });
  // kubelet: nothing runs and nothing will: stop the sandbox ("all other containers are dead").
  if (keep === 0 && plan.containersToStart.length === 0 && plan.waiting.length === 0) plan.killPod = true;
}

/**
 * Start one container, or hold it in crash-loop back-off. A container created but never started
 * (the agent stopped in between) is started as it is, so no twin is created.
 * `freshSandbox` means the container's old instances belong to an earlier sandbox.
 */
function planStart(
  input: PodActionsInput,
  kind: 'init' | 'app',
  index: number,
  spec: Container,
  freshSandbox = false,
  afterKill = false,
): ContainerToStart | ContainerWaiting {
  const instances = (kind === 'init' ? input.observed.init : input.observed.app).get(spec.name) ?? [];
  const newest = instances[0];
  if (newest?.state === 'created' && newest.startedAt === undefined && !freshSandbox) {
    return { kind, index, name: spec.name, attempt: newest.attempt, existingId: newest.id };
  }
  const start: ContainerToStart = { kind, index, name: spec.name, attempt: nextAttempt(instances) };
  // Killed in this sync (a probe failed): back-off is judged by the newest instance that already
  // exited, as kubelet `doBackOff` looks for the first exited status; so repeated liveness kills
  // count toward CrashLoopBackOff while the first one restarts at once.
  const last = afterKill ? instances.find((c) => c.state === 'exited') : newest;
  if (last?.state !== 'exited') return start;
  const { pod } = input;
  const key = backOffKey(pod.metadata, spec.name, input.specHashes.get(spec.name) ?? '');
  const entry = input.backOff.get(key);
  // A container that failed to start has no finish time: its creation stands in for it.
  const finishedAt = last.finishedAt ?? last.startedAt ?? last.createdAt;
  const until = backOffUntil(entry, finishedAt, input.nowMs, input.backOffPolicy);
  if (until !== undefined && entry) {
    const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    return {
      name: spec.name,
      reason: 'CrashLoopBackOff',
      message: `back-off ${formatGoDuration(entry.delayMs)} restarting failed container=${spec.name} pod=${podRef}`,
      untilMs: until,
    };
  }
  return { ...start, backOffKey: key, backOffEventMs: finishedAt };
}

/**
 * kubelet computePodActions: a running container whose liveness or startup result is Failure is
 * killed, with the probe's terminationGracePeriodSeconds when set (kuberuntime_container.go
 * `setTerminationGracePeriod`), and started again in the same sync unless restartPolicy is Never,
 * subject to crash-loop back-off. false when no probe asks for a kill.
 */
function planProbeKill(input: PodActionsInput, plan: Plan, spec: Container, index: number, running: ObservedContainer): boolean {
  const failed = input.liveness?.get(running.id) === 'failure' ? 'liveness' : input.startup?.get(running.id) === 'failure' ? 'startup' : undefined;
  if (!failed) return false;
  const grace = (failed === 'liveness' ? spec.livenessProbe : spec.startupProbe)?.terminationGracePeriodSeconds;
  const restart = input.pod.spec.restartPolicy !== 'Never';
  plan.containersToKill.push({
    id: running.id,
    name: spec.name,
    message: `Container ${spec.name} failed ${failed} probe${restart ? ', will be restarted' : ''}`,
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
  });
  if (!restart) return true;
  const step = planStart(input, 'app', index, spec, false, true);
  if ('reason' in step) addWaiting(plan, step);
  else plan.containersToStart.push(step);
  return true;
}

function addWaiting(plan: Plan, waiting: ContainerWaiting): void {
  plan.waiting.push(waiting);
  plan.requeueAtMs = Math.min(plan.requeueAtMs ?? Infinity, waiting.untilMs);
}

/** Init container instances of the current sandbox only (a new sandbox runs every init container again). */
function initInSandbox(observed: ObservedPod, sandboxId: string): Map<string, readonly ObservedContainer[]> {
  const scoped = new Map<string, readonly ObservedContainer[]>();
  for (const [name, list] of observed.init) {
    const inSandbox = list.filter((c) => c.sandboxId === sandboxId);
    if (inSandbox.length > 0) scoped.set(name, inSandbox);
  }
  return scoped;
}

function appRunning(observed: ObservedPod): boolean {
  for (const list of observed.app.values()) if (list.some((c) => c.state === 'running')) return true;
  return false;
}

/**
 * Container GC (kubelet keeps at least one dead instance per container, `minDeadContainerInPod`):
 * per name keep the newest and the one before it (for `logs --previous`), counting the instance
 * this plan creates, so the sync after it has nothing left to remove; per pod keep the newest
 * sandbox. Running containers are never garbage.
 */
function garbage(observed: ObservedPod, plan: PodActions): string[] {
  const created = new Set(
    [plan.initContainerToStart, ...plan.containersToStart].filter((s) => s !== undefined && s.existingId === undefined).map((s) => `${s!.kind}/${s!.name}`),
  );
  const dead = (list: readonly ObservedContainer[], keep: number) => list.slice(keep).filter((c) => c.state !== 'running').map((c) => c.id);
  const keepOf = (kind: 'init' | 'app', name: string) => (created.has(`${kind}/${name}`) ? 1 : 2);
  return [
    ...dead(observed.sandboxes, 1),
    ...[...observed.init].flatMap(([name, list]) => dead(list, keepOf('init', name))),
    ...[...observed.app].flatMap(([name, list]) => dead(list, keepOf('app', name))),
  ];
}
