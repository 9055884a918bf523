import { expandEnv, expandVars } from '../api/expand-vars.js';
import { type Container, type Pod, isSidecar } from '../api/pod-types.js';
import type { QosClass } from '../api/qos-class.js';
import * as L from '../runtime/labels.js';
import { makeContainerName } from '../runtime/naming.js';
import type { BindMount, CreateContainerSpec } from '../runtime/types.js';
import { makeCgroupSettings } from '../cgroups/make-cgroup-settings.js';
import type { NodeLimits } from '../cgroups/node-limits.js';
import { podLevelShare } from '../cgroups/pod-level-share.js';
import { makeSecurityOptions } from '../security/make-security-options.js';
import { preStopLabel } from './lifecycle-hooks.js';
import { makeExtraHosts, podLabels } from './make-sandbox-spec.js';

export interface ContainerSpecInput {
  pod: Pod;
  container: Container;
  kind: 'init' | 'app';
  attempt: number;
  sandboxId: string;
  nodeName: string;
  specHash: string;
  /** Host directory (or file) behind each pod volume, by volume name. */
  volumePaths: ReadonlyMap<string, string>;
  /** Volumes mounted read-only whatever the volumeMount says (configMap, secret, downwardAPI, projected). */
  readOnlyVolumes?: ReadonlySet<string>;
  /** The container's env as resolved (`makeContainerEnv`); unset: its `env` values, expanded. */
  env?: ReadonlyMap<string, string>;
  /** Host paths already resolved for mounts with a subPath or subPathExpr, by mountPath (`resolveMountSources`). */
  subPathSources?: ReadonlyMap<string, string>;
  /** Host file mounted at the container's terminationMessagePath (kubelet `makeMounts`). */
  terminationMessageFile?: string;
  /** The pod cgroup (`PodCgroups.parentOf`); unset leaves the engine's default parent. */
  cgroupParent?: string;
  node: NodeLimits;
  /** The pod's QoS class (`PodFacts`): the container's OOM score follows it. */
  qosClass: QosClass;
  /** The image's USER, where the security context needs it (runAsGroup alone). */
  imageUser?: string;
  /** The content of the container's `Localhost` seccomp profile (`PodHostSetup.containerOptions`). */
  seccompJson?: string;
  /** The crash-loop back-off this restart advanced, kept on the container for agent restarts. */
  backOff?: { delayMs: number; lastUpdateMs: number };
}

/** A volumeMount names a volume that has no host path (validation should have caught it). */
export class MissingVolumeError extends Error {}

/**
 * One init or app container joined to the sandbox's network and IPC namespaces
 * (`container:<sandbox id>`, as cri-dockerd does), with Kubernetes command/args semantics:
 * `command` replaces the image ENTRYPOINT (and drops its CMD), `args` replace the CMD; `$(VAR)`
 * references expand from the container's env.
 */
export function makeContainerSpec(input: ContainerSpecInput): CreateContainerSpec {
  const { pod, container: c, kind, attempt, sandboxId, nodeName, specHash } = input;
  const env = input.env ?? expandEnv(c.env);
  const expand = (s: string) => expandVars(s, (n) => env.get(n));
  const joined = pod.spec.hostNetwork ? 'host' : `container:${sandboxId}`;
  const spec: CreateContainerSpec = {
    name: makeContainerName(c.name, pod.metadata, attempt),
    image: c.image,
    labels: {
      ...podLabels(pod, nodeName),
      [L.LABEL_CONTAINER_NAME]: c.name,
      [L.LABEL_DOCKER_TYPE]: 'container',
      [L.LABEL_SANDBOX_ID]: sandboxId,
      [L.LABEL_CONTAINER_TYPE]: kind,
      [L.LABEL_SPEC_HASH]: specHash,
      [L.LABEL_RESTART_COUNT]: String(attempt),
      ...(kind === 'init' && isSidecar(c) ? { [L.LABEL_SIDECAR_INDEX]: String(pod.spec.initContainers.indexOf(c)) } : {}),
      ...(input.backOff
        ? { [L.LABEL_BACKOFF_DELAY]: String(input.backOff.delayMs), [L.LABEL_BACKOFF_UPDATED]: String(input.backOff.lastUpdateMs) }
        : {}),
      ...preStopLabel(c),
    },
    env: [...env].map(([k, v]) => `${k}=${v}`),
    networkMode: joined,
    // cri-dockerd `modifyContainerNamespaceOptions`: host IPC/PID, or the sandbox's PID namespace
    // under shareProcessNamespace (the pause container is then PID 1 and reaps zombies).
    ipcMode: pod.spec.hostIPC ? 'host' : `container:${sandboxId}`,
    ...(pod.spec.hostPID ? { pidMode: 'host' } : pod.spec.shareProcessNamespace ? { pidMode: `container:${sandboxId}` } : {}),
    portBindings: [],
    mounts: [
      ...makeMounts(c, input.volumePaths, input.subPathSources ?? new Map(), input.readOnlyVolumes ?? new Set()),
      ...terminationMessageMount(c, input.terminationMessageFile),
    ],
    tty: c.tty,
    openStdin: c.stdin,
    stdinOnce: c.stdinOnce,
  };
  if (c.command !== undefined) {
    spec.entrypoint = c.command.map(expand);
    spec.cmd = (c.args ?? []).map(expand);
  } else if (c.args !== undefined) {
    spec.cmd = c.args.map(expand);
  }
  if (c.workingDir) spec.workingDir = c.workingDir;
  const cgroup = makeCgroupSettings(c, input.qosClass, input.node, podLevelShare(pod));
  spec.cpuShares = cgroup.cpuShares;
  spec.limits = cgroup.limits;
  if (cgroup.oomScoreAdj !== undefined) spec.oomScoreAdj = cgroup.oomScoreAdj;
  if (input.cgroupParent) spec.cgroupParent = input.cgroupParent;
  const security = makeSecurityOptions(pod, c, input.imageUser, input.seccompJson);
  if (Object.keys(security).length > 0) spec.security = security;
  // With hostNetwork each container has the host's network namespace, not the sandbox's hosts file.
  const extraHosts = pod.spec.hostNetwork ? makeExtraHosts(pod) : [];
  if (extraHosts.length > 0) spec.extraHosts = extraHosts;
  return spec;
}

function makeMounts(
  c: Container,
  volumePaths: ReadonlyMap<string, string>,
  subPathSources: ReadonlyMap<string, string>,
  readOnlyVolumes: ReadonlySet<string>,
): BindMount[] {
  return c.volumeMounts.map((m) => {
    const base = volumePaths.get(m.name);
    if (base === undefined) throw new MissingVolumeError(`volume "${m.name}" of volumeMount "${m.mountPath}" has no host path`);
    const source = subPathSources.get(m.mountPath) ?? (m.subPath ? `${base}/${m.subPath}` : base);
    const mount: BindMount = { source, target: m.mountPath, readOnly: m.readOnly || readOnlyVolumes.has(m.name) };
    // kubelet → cri-dockerd: Bidirectional → rshared, HostToContainer → rslave, None → the engine's default.
    if (m.mountPropagation === 'Bidirectional') mount.propagation = 'rshared';
    else if (m.mountPropagation === 'HostToContainer') mount.propagation = 'rslave';
    return mount;
  });
}

/** Not added when the path is empty or a volumeMount already covers it. */
function terminationMessageMount(c: Container, file: string | undefined): BindMount[] {
  if (!file || !c.terminationMessagePath || c.volumeMounts.some((m) => m.mountPath === c.terminationMessagePath)) return [];
  return [{ source: file, target: c.terminationMessagePath, readOnly: false }];
}
