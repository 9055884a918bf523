import { type ChannelOptions, Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { formatGoDuration } from '../shared/go-duration.js';
import { joinHostPort } from './dial-error.js';
import { HEALTH_CHECK, type HealthCheckResponse } from './health-proto.js';
import type { ProbeOutcome } from './probe-result.js';
import { KUBE_VERSION } from './run-http.js';

/**
 * The probe's channel: plaintext (the kubelet dials `WithInsecure`), `User-Agent: kube-probe/<v>`
 * ahead of the library's own (`grpc.WithUserAgent`), a connection of its own each time (the kubelet
 * dials and closes per probe), and no HTTP proxy, as for httpGet probes: a pod IP is never reached
 * through one.
 */
const CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.primary_user_agent': `kube-probe/${KUBE_VERSION}`,
  'grpc.use_local_subchannel_pool': 1,
  'grpc.enable_http_proxy': 0,
};

/** Go's `codes.Code.String()`, for the kubelet's `rpc error: code = … desc = …`. */
const GO_CODE_NAMES: Record<number, string> = {
  [status.OK]: 'OK',
  [status.CANCELLED]: 'Canceled',
  [status.UNKNOWN]: 'Unknown',
  [status.INVALID_ARGUMENT]: 'InvalidArgument',
  [status.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [status.NOT_FOUND]: 'NotFound',
  [status.ALREADY_EXISTS]: 'AlreadyExists',
  [status.PERMISSION_DENIED]: 'PermissionDenied',
  [status.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [status.FAILED_PRECONDITION]: 'FailedPrecondition',
  [status.ABORTED]: 'Aborted',
  [status.OUT_OF_RANGE]: 'OutOfRange',
  [status.UNIMPLEMENTED]: 'Unimplemented',
  [status.INTERNAL]: 'Internal',
  [status.UNAVAILABLE]: 'Unavailable',
  [status.DATA_LOSS]: 'DataLoss',
  [status.UNAUTHENTICATED]: 'Unauthenticated',
};

/**
 * A grpc probe from the agent (kubelet pkg/probe/grpc/grpc.go): connect to host:port, waiting for
 * the connection (`grpc.WithBlock`), then call `grpc.health.v1.Health/Check` with `service`; the
 * connection and the call share one deadline, `timeoutMs` from now. `SERVING` → Success; anything
 * else → Failure with the kubelet's words. Never an error: the kubelet counts every failure.
 */
export async function probeGrpc(host: string, port: number, service: string, timeoutMs: number): Promise<ProbeOutcome> {
  const address = joinHostPort(host, port);
  const timeout = formatGoDuration(timeoutMs);
  const deadline = Date.now() + timeoutMs;
  let client: Client;
  try {
    client = new Client(address, credentials.createInsecure(), CHANNEL_OPTIONS);
  } catch (err) {
    return failure(`error: failed to connect service at ${JSON.stringify(address)}: ${(err as Error).message}`);
  }
  try {
    // waitForReady fails only at the deadline (or on a closed channel, which this never closes early).
    if (!(await ready(client, deadline)))
      return failure(`timeout: failed to connect service ${JSON.stringify(address)} within ${timeout}: context deadline exceeded`);
    return await check(client, service, deadline, timeout);
  } finally {
    client.close();
  }
}

function ready(client: Client, deadline: number): Promise<boolean> {
  return new Promise((resolve) => client.waitForReady(deadline, (err) => resolve(err === undefined)));
}

function check(client: Client, service: string, deadline: number, timeout: string): Promise<ProbeOutcome> {
  const { path, requestSerialize, responseDeserialize } = HEALTH_CHECK;
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, requestSerialize, responseDeserialize, { service }, new Metadata(), { deadline }, (err, response) =>
      resolve(err ? rpcFailure(err, timeout) : servingOutcome(response)),
    );
  });
}

/** The response: only `SERVING` passes (`service unhealthy (responded with "NOT_SERVING")`). */
export function servingOutcome(response: HealthCheckResponse | undefined): ProbeOutcome {
  const served = String(response?.status ?? 'UNKNOWN');
  if (served === 'SERVING') return { result: 'success', output: 'service healthy' };
  return failure(`service unhealthy (responded with ${JSON.stringify(served)})`);
}

/** A failed call, worded by its status code as the kubelet words it. */
export function rpcFailure(err: Pick<ServiceError, 'code' | 'details'>, timeout: string): ProbeOutcome {
  if (err.code === status.DEADLINE_EXCEEDED) return failure(`timeout: health rpc did not complete within ${timeout}`);
  if (err.code === status.UNIMPLEMENTED)
    return failure(`error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${err.details}`);
  const code = GO_CODE_NAMES[err.code] ?? `Code(${err.code})`;
  return failure(`error: health rpc probe failed: rpc error: code = ${code} desc = ${err.details}`);
}

function failure(output: string): ProbeOutcome {
  return { result: 'failure', output };
}
