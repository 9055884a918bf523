import type Docker from 'dockerode';
import { isSafeSegment } from '../../shared/path-segment.js';
import * as L from '../labels.js';
import { parseContainerName } from '../naming.js';
import type { ContainerKind, ObservedContainer, RuntimeState } from '../types.js';

/** Docker's zero time, used for "never started/finished". */
const ZERO_TIME_PREFIX = '0001-01-01';

function parseTime(value: string | undefined): number | undefined {
  if (!value || value.startsWith(ZERO_TIME_PREFIX)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** cri-dockerd's reduction (`core/container_status.go`): running / created / exited, else unknown. */
function mapState(status: string | undefined): RuntimeState {
  switch (status) {
    case 'running':
    case 'paused':
    case 'restarting':
      return 'running';
    case 'created':
      return 'created';
    case 'exited':
    case 'dead':
      return 'exited';
    default:
      return 'unknown';
  }
}

function kindOf(labels: Record<string, string>, containerName: string): ContainerKind {
  const kind = labels[L.LABEL_CONTAINER_TYPE];
  if (kind === 'sandbox' || kind === 'init' || kind === 'app') return kind;
  return containerName === L.SANDBOX_CONTAINER_NAME ? 'sandbox' : 'app';
}

/**
 * Decodes one inspected container into our view. Readers are forgiving, as the kubelet's
 * `labels.go`: a missing label gives a zero value. Returns undefined for containers that are not
 * pod containers (no pod UID label and no parsable name).
 */
export function mapInspect(info: Docker.ContainerInspectInfo): ObservedContainer | undefined {
  const labels = info.Config?.Labels ?? {};
  const dockerName = info.Name.replace(/^\//, '');
  const parsed = parseContainerName(dockerName);
  const podUid = labels[L.LABEL_POD_UID] ?? parsed?.podUid;
  if (!podUid) return undefined;
  const containerName = labels[L.LABEL_CONTAINER_NAME] ?? parsed?.containerName ?? '';
  // Anyone with the engine's socket can label a container: a UID or name that is not one path
  // segment is not a pod of ours, and must never reach a path (`../../..` would be a removal outside the root dir).
  if (!isSafeSegment(podUid) || (containerName !== '' && !isSafeSegment(containerName))) return undefined;
  const restartLabel = Number(labels[L.LABEL_RESTART_COUNT]);
  const attempt = Number.isInteger(restartLabel) && restartLabel >= 0 ? restartLabel : (parsed?.attempt ?? 0);
  const engineError = (info.State as { Error?: string } | undefined)?.Error;
  const exit = info.State?.ExitCode ?? 0;
  // A failed `docker start` leaves the container "created" with an exit code and an error: it ran
  // (and failed), so it counts as exited, never as a container still waiting for its first start.
  const state = info.State?.Status === 'created' && (engineError || exit !== 0) ? 'exited' : mapState(info.State?.Status);
  const networks = info.NetworkSettings?.Networks ?? {};
  const ip = Object.values(networks).map((n) => n?.IPAddress).find((a) => !!a) || (info.NetworkSettings as { IPAddress?: string } | undefined)?.IPAddress || undefined;
  const observed: ObservedContainer = {
    id: info.Id,
    dockerName,
    podName: labels[L.LABEL_POD_NAME] ?? parsed?.podName ?? '',
    podNamespace: labels[L.LABEL_POD_NAMESPACE] ?? parsed?.podNamespace ?? '',
    podUid,
    containerName,
    kind: kindOf(labels, containerName),
    attempt,
    specHash: labels[L.LABEL_SPEC_HASH] ?? '',
    sandboxId: labels[L.LABEL_SANDBOX_ID] ?? '',
    image: info.Config?.Image ?? '',
    imageId: info.Image ?? '',
    state,
    createdAt: parseTime(info.Created) ?? 0,
    oomKilled: info.State?.OOMKilled ?? false,
    labels,
  };
  const startedAt = parseTime(info.State?.StartedAt);
  const finishedAt = parseTime(info.State?.FinishedAt);
  if (startedAt !== undefined) observed.startedAt = startedAt;
  if (finishedAt !== undefined) observed.finishedAt = finishedAt;
  if (state === 'exited') observed.exitCode = exit;
  if (engineError) observed.error = engineError;
  if (ip && state === 'running') observed.ip = ip;
  const pid = info.State?.Pid;
  if (state === 'running' && typeof pid === 'number' && pid > 0) observed.pid = pid;
  return observed;
}

