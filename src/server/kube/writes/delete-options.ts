/**
 * A DELETE's options (`meta/v1` DeleteOptions, in the body as kubectl sends them, or in the
 * query): the grace period, the uid/resourceVersion preconditions, dryRun; and its answer: a pod
 * comes back Terminating (`deletionTimestamp`, `deletionGracePeriodSeconds`) as the API server
 * answers a graceful delete, the other kinds with a `Success` Status. Pure.
 */
import { toRfc3339 } from '../../../api/rfc3339.js';
import type { Failure } from '../../status-object.js';
import type { KubeObject } from '../kube-object.js';
import type { KubeResource } from '../kube-resources.js';
import { badRequest } from './write-failures.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

export function deleteOptionsOf(body: Buffer, query: URLSearchParams): DeleteOptions | Failure {
  let parsed: Record<string, unknown> = {};
  if (body.length > 0) {
    try {
      const value = JSON.parse(body.toString('utf8')) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    } catch (err) {
      return badRequest(`the DeleteOptions body is not valid JSON: ${(err as Error).message}`);
    }
  }
  const rawGrace = query.get('gracePeriodSeconds') ?? parsed['gracePeriodSeconds'];
  let gracePeriodSeconds: number | undefined;
  if (rawGrace !== undefined && rawGrace !== null) {
    gracePeriodSeconds = Number(rawGrace);
    if (!Number.isInteger(gracePeriodSeconds) || gracePeriodSeconds < 0) return badRequest(`gracePeriodSeconds ${JSON.stringify(rawGrace)} must be a whole number of seconds, 0 or more`);
  }
  const pre = (typeof parsed['preconditions'] === 'object' && parsed['preconditions'] !== null ? parsed['preconditions'] : {}) as Record<string, unknown>;
  const dryRun = query.getAll('dryRun').includes('All') || (Array.isArray(parsed['dryRun']) && parsed['dryRun'].includes('All'));
  return {
    ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}),
    preconditions: {
      ...(typeof pre['uid'] === 'string' ? { uid: pre['uid'] } : {}),
      ...(typeof pre['resourceVersion'] === 'string' ? { resourceVersion: pre['resourceVersion'] } : {}),
    },
    dryRun,
  };
}

export function deletedAnswer(resource: KubeResource, name: string, current: KubeObject | undefined, options: DeleteOptions, nowMs: number): unknown {
  if (resource.kind === 'Pod' && current !== undefined) {
    const spec = (current as unknown as { spec?: { terminationGracePeriodSeconds?: number } }).spec;
    const grace = options.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30;
    const deletionTimestamp = toRfc3339(nowMs + grace * 1000);
    return { ...current, metadata: { ...current.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace } };
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: resource.name, ...(current?.metadata.uid ? { uid: current.metadata.uid } : {}) } };
}
