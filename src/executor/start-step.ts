import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { type ContainerEnvResult, makeContainerEnv } from '../api/container-env.js';
import { makeServiceEnv } from '../services/service-env.js';
import { EMPTY_SERVICES_VIEW } from '../services/service-view.js';
import type { PodFacts } from '../api/pod-facts.js';
import type { Container, Pod } from '../api/pod-types.js';
import { pullSecretCredentials } from '../images/pull-secrets.js';
import type { ContainerToStart } from '../planner/pod-actions.js';
import type { BackOffEntry } from '../shared/backoff.js';
import type { CreateContainerSpec, ImageInfo } from '../runtime/types.js';
import { crashPoint } from '../shared/fault-injection.js';
import { containerFieldPath } from '../status/event-recorder.js';
import type { ContainerStartResult } from '../status/reason-cache.js';
import { terminationMessageFile } from '../volumes/pod-dirs.js';
import { configFor } from '../volumes/projected-volume.js';
import { ensureImage } from './ensure-image.js';
import { type PodIPLookup, killContainer } from './kill-step.js';
import { runLifecycleHandler } from './lifecycle-hooks.js';
import { makeContainerSpec } from './make-container-spec.js';
import { runtimeHandlerOf } from './runtime-handler.js';
import type { PreparedVolumes } from './prepare-volumes.js';
import type { SyncContext } from './sync-context.js';

/** Where a container starts: its pod's sandbox, volumes, and the running postStart hooks (aborted when the pod goes). */
export interface StartTarget {
  pod: Pod;
  facts: PodFacts;
  sandboxId: string;
  volumes: PreparedVolumes;
  podIP: PodIPLookup;
  postStart: AbortSignal;
  /**
   * Resolves once the sandbox runs (true) or failed to start (false): a container may be created
   * while its new sandbox starts, but it starts, or reads the pod IP, only after.
   */
  sandboxStarted: Promise<boolean>;
}

/** A container created (or found created) and ready to start, or the result that ended its start. */
export type CreatedContainer = { id: string; result?: never } | { id?: never; result: ContainerStartResult };

/**
 * kubelet startContainer (kuberuntime_container.go): the image, the container config, create,
 * start, then the postStart hook. Expected failures are the result's waiting reason and an event,
 * never exceptions. A start that goes ahead after a crash advances the crash-loop back-off (its
 * entry is written on the container's labels, so an agent restart keeps it).
 */
export async function startContainer(ctx: SyncContext, target: StartTarget, step: ContainerToStart): Promise<ContainerStartResult> {
  const created = await createContainerStep(ctx, target, step);
  return created.result ?? runContainerStep(ctx, target, step, created.id);
}

/** The step's container, its pod's spec entry, and how its failures are told. */
function stepScope(ctx: SyncContext, target: StartTarget, step: ContainerToStart) {
  const uid = target.pod.metadata.uid;
  const container = (step.kind === 'init' ? target.pod.spec.initContainers : target.pod.spec.containers)[step.index]!;
  const fieldPath = containerFieldPath(step.kind, container.name);
  const log = ctx.log.child({ pod: target.facts.key, podUid: uid, container: container.name, attempt: step.attempt });
  const fail = (reason: string, message: string): ContainerStartResult => {
    ctx.events.record(uid, { type: 'Warning', reason: 'Failed', message: `Error: ${message}`, fieldPath });
    log.warn({ reason, message }, 'Failed to start container');
    return { name: container.name, error: { reason, message } };
  };
  return { uid, container, fieldPath, log, fail };
}

/**
 * kubelet startContainer steps 1–2: the image, the container config, create (a container left
 * created by an earlier sync is reused).
 */
export async function createContainerStep(ctx: SyncContext, target: StartTarget, step: ContainerToStart): Promise<CreatedContainer> {
  const { pod } = target;
  const { uid, container, fieldPath, log, fail } = stepScope(ctx, target, step);
  const backOff = step.backOffKey ? ctx.backOff.next(step.backOffKey, step.backOffEventMs) : undefined;
  let id = step.existingId;
  if (!id) {
    const image = await ensureImage(
      {
        runtime: ctx.runtime,
        backOff: ctx.backOff,
        event: (e) => ctx.events.record(uid, { ...e, fieldPath }),
        credentials: (ref) => {
          // The pod's imagePullSecrets first, then the node's (kubelet `MakeDockerKeyring`).
          const fromPod = pullSecretCredentials(pod, ctx.host.config ? configFor(ctx.host.config, pod) : undefined, ref);
          if (fromPod.unusable.length > 0) {
            const message = `Unable to retrieve some image pull secrets (${fromPod.unusable.join(', ')}); attempting to pull the image may not succeed.`;
            ctx.events.record(uid, { type: 'Warning', reason: 'FailedToRetrieveImagePullSecret', message });
          }
          return fromPod.auth ?? ctx.node.credentials(ref);
        },
        onPullProgress: (ref, line) => log.debug({ image: ref, progress: line }, 'Pulling image'),
      },
      uid,
      container.image,
      container.imagePullPolicy,
    );
    if (!image.ok) return { result: { name: container.name, error: { reason: image.reason, message: image.message } } };
    const config = await containerConfig(ctx, target, step, container, image.image, backOff);
    if ('error' in config) return { result: fail('CreateContainerConfigError', config.error) };
    try {
      id = await ctx.runtime.createContainer(config.spec);
    } catch (err) {
      return { result: fail('CreateContainerError', (err as Error).message) };
    }
    ctx.events.record(uid, { type: 'Normal', reason: 'Created', message: `Created container: ${container.name}`, fieldPath });
    crashPoint('after-create', container.name);
  }
  return { id };
}

/** kubelet startContainer steps 3–4: start, then the postStart hook. */
export async function runContainerStep(ctx: SyncContext, target: StartTarget, step: ContainerToStart, id: string): Promise<ContainerStartResult> {
  const { uid, container, fieldPath, log, fail } = stepScope(ctx, target, step);
  try {
    await ctx.runtime.startContainer(id);
  } catch (err) {
    return fail('RunContainerError', (err as Error).message);
  }
  crashPoint('after-start', container.name);
  await ctx.host.containerStarted(target.pod, id);
  ctx.events.record(uid, { type: 'Normal', reason: 'Started', message: `Started container ${container.name}`, fieldPath });
  log.info({ containerId: id.slice(0, 12) }, 'Started container');
  if (!container.lifecycle?.postStart) return { name: container.name };
  const hookFailure = await runPostStart(ctx, target, container, id, log);
  return hookFailure ? { name: container.name, error: { reason: 'PostStartHookError', message: hookFailure } } : { name: container.name };
}

/**
 * kubelet startContainer step 4: the postStart hook, right after the start and before the next
 * container starts. On failure: `FailedPostStartHook` (details kept out of the event), the
 * container is killed (preStop and grace period as any kill), and it waits with reason
 * `PostStartHookError` and the hook's message until it is restarted per restartPolicy.
 */
async function runPostStart(ctx: SyncContext, target: StartTarget, container: Container, id: string, log: Logger): Promise<string | undefined> {
  const { pod } = target;
  const hookTarget = { runtime: ctx.runtime, podRef: target.facts.ref, containerName: container.name, containerId: id, ports: container.ports, podIP: target.podIP };
  const failure = await runLifecycleHandler(container.lifecycle!.postStart!, hookTarget, target.postStart);
  if (failure === undefined) return undefined;
  const fieldPath = containerFieldPath(pod.spec.initContainers.includes(container) ? 'init' : 'app', container.name);
  ctx.events.record(pod.metadata.uid, { type: 'Warning', reason: 'FailedPostStartHook', message: 'PostStartHook failed', fieldPath });
  log.warn({ message: failure }, 'Failed to run postStart hook');
  const started = await ctx.runtime.inspectContainer(id);
  if (started) await killContainer(ctx, started, pod.spec.terminationGracePeriodSeconds, 'FailedPostStartHook', target.podIP);
  return failure;
}

async function containerConfig(
  ctx: SyncContext,
  target: StartTarget,
  step: ContainerToStart,
  container: Container,
  image: ImageInfo,
  backOff: BackOffEntry | undefined,
): Promise<{ error: string } | { spec: CreateContainerSpec }> {
  const { pod } = target;
  const env = await containerEnv(ctx, target, container);
  if (!env.ok) return { error: env.error };
  const host = await ctx.host.containerOptions(pod, container, target.volumes, image, env.env);
  if ('error' in host) return host;
  const terminationFile = terminationMessageFile(ctx.node.rootDir, pod.metadata.uid, container.name, step.attempt);
  try {
    // The pod directory exists (0750) since `prepareVolumes`, which runs before any start.
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
    sandboxId: target.sandboxId,
    nodeName: ctx.node.nodeName,
    specHash: target.facts.specHashes.get(container.name) ?? '',
    qosClass: target.facts.qosClass,
    volumePaths: target.volumes.paths,
    readOnlyVolumes: target.volumes.readOnly,
    env: env.env,
    ...host,
  });
  try {
    // The container runs on its sandbox's runtime.
    return { spec: { ...spec, ...runtimeHandlerOf(pod, ctx.node.runtimeHandlers) } };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** No ConfigMaps or Secrets: what env sees when the agent was given none (unit tests). */
const NO_CONFIG = { configMap: () => undefined, secret: () => undefined };

/**
 * The container's env (`makeContainerEnv`): the pod IP is known here, the sandbox runs (kubelet
 * `GenerateRunContainerOptions` after the sandbox); a hostNetwork pod's IP is the node's.
 */
async function containerEnv(ctx: SyncContext, target: StartTarget, container: Container): Promise<ContainerEnvResult> {
  const needsIP = container.env.some((e) => e.valueFrom?.fieldRef?.fieldPath.startsWith('status.pod') === true);
  // The pod IP exists once the sandbox runs: a container that reads it is created after.
  const podIP = needsIP && (await target.sandboxStarted) ? await target.podIP() : undefined;
  const hostIP = ctx.node.hostIP();
  const sources = ctx.host.config;
  return makeContainerEnv({
    pod: target.pod,
    container,
    config: sources ? configFor(sources, target.pod) : NO_CONFIG,
    ips: { podIPs: podIP ? [podIP] : [], hostIPs: hostIP ? [hostIP] : [] },
    node: sources?.allocatable ?? { cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0 },
    // The Services that exist now: a container created before a Service never sees its variables.
    serviceEnv: makeServiceEnv(ctx.node.services?.() ?? EMPTY_SERVICES_VIEW, target.pod.metadata.namespace, target.pod.spec.enableServiceLinks),
  });
}
