import type { Container } from '../api/pod-types.js';
import type { ObservedContainer } from '../runtime/types.js';
import { nextAttempt } from '../runtime/container-instances.js';
import { garbage } from './container-gc.js';
import { backOffUntil, sandboxBackOffKey } from './crash-loop-backoff.js';
import { type PodActions, emptyPodActions } from './pod-actions.js';
import type { PodActionsInput } from './pod-actions-input.js';
import { specChanged } from './spec-changed.js';
import { dropSidecarRestarts, planInitContainers, regularInitDone } from './plan-init-containers.js';
import { addWaiting, planStart } from './plan-start.js';
import { shouldRestart, succeeded } from './restart-policy.js';

export type { PodActionsInput } from './pod-actions-input.js';

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
  if (!planInitContainers(input, plan, current.id)) return plan;
  planAppContainers(input, plan, current.id);
  return plan;
}

function planNewSandbox(input: PodActionsInput, plan: PodActions, newest: ObservedContainer | undefined): PodActions {
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
  if (toStart.length === 0 && regularInitDone(input)) return plan;
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

function planAppContainers(input: PodActionsInput, plan: PodActions, sandboxId: string): void {
  const { pod } = input;
  const apps = input.observed.app;
  let keep = 0;
  pod.spec.containers.forEach((spec, index) => {
    const instances = apps.get(spec.name) ?? [];
    const inSandbox = instances.find((c) => c.sandboxId === sandboxId);
    if (inSandbox?.state === 'running') {
      if (specChanged(input, spec.name, inSandbox.specHash)) {
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
  // kubelet: nothing runs and nothing will: stop the sandbox ("all other containers are dead"),
  // sidecars included, which are not started again.
  const appsWaiting = plan.waiting.some((w) => pod.spec.containers.some((c) => c.name === w.name));
  if (keep === 0 && plan.containersToStart.length === 0 && !appsWaiting) {
    plan.killPod = true;
    dropSidecarRestarts(plan, input);
  }
}

/**
 * kubelet computePodActions: a running container whose liveness or startup result is Failure is
 * killed, with the probe's terminationGracePeriodSeconds when set (kuberuntime_container.go
 * `setTerminationGracePeriod`), and started again in the same sync unless restartPolicy is Never,
 * subject to crash-loop back-off. false when no probe asks for a kill.
 */
function planProbeKill(input: PodActionsInput, plan: PodActions, spec: Container, index: number, running: ObservedContainer): boolean {
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

