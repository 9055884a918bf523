import type { Container, ContainerPort, LifecycleHandler } from '../api/pod-types.js';
import { newestFirst } from '../runtime/container-instances.js';
import { resolvePort } from '../probes/resolve-port.js';
import { httpGet, httpGetHeaders, httpGetUrl } from '../probes/run-http.js';
import { runExec } from '../probes/run-exec.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { LABEL_PRE_STOP_HANDLER } from '../runtime/labels.js';
import type { ObservedContainer } from '../runtime/types.js';

/** Where a hook runs. */
export interface HookTarget {
  runtime: ContainerRuntime;
  /** `name_namespace(uid)`, as kubelet `format.Pod` writes it in hook messages. */
  podRef: string;
  containerName: string;
  containerId: string;
  /** The container's ports, for a named httpGet port (a preStop from the label has it resolved). */
  ports: readonly ContainerPort[];
  /** The pod IP, where an httpGet hook without a host goes; looked up only when needed. */
  podIP: () => Promise<string | undefined>;
}

/**
 * Runs a postStart or preStop handler as the kubelet does (pkg/kubelet/lifecycle/handlers.go
 * `Run`): exec in the container with no timeout of its own; httpGet from the agent to the pod IP,
 * where only a transport error fails (the status code is not checked); sleep. tcpSocket is
 * deprecated for hooks and fails at run time, as the API documents. Returns undefined on success,
 * else the kubelet's detailed message (it goes to the waiting message, never to an event).
 * `signal` ends the wait early: the pod is going away, or a preStop ran out of grace period.
 */
export async function runLifecycleHandler(handler: LifecycleHandler, target: HookTarget, signal?: AbortSignal): Promise<string | undefined> {
  const where = `for Container ${JSON.stringify(target.containerName)} in Pod ${JSON.stringify(target.podRef)}`;
  if (handler.exec) {
    const cmd = handler.exec.command;
    const r = await runExec(target.runtime, target.containerId, cmd, signal ? { signal } : {}).result;
    if (!r.error && !r.timedOut && r.exitCode === 0) return undefined;
    const error = r.error ?? (r.timedOut ? 'context canceled' : `command '${cmd.join(' ')}' exited with ${r.exitCode ?? 'no code'}: ${r.stderr}`);
    return `Exec lifecycle hook ([${cmd.join(' ')}]) ${where} failed - error: ${error}, message: ${JSON.stringify(r.output)}`;
  }
  if (handler.httpGet) {
    const action = handler.httpGet;
    const error = await runHttpHook(action, target, signal);
    return error === undefined ? undefined : `HTTP lifecycle hook (${action.path}) ${where} failed - error: ${error}`;
  }
  if (handler.sleep) {
    const finished = await sleep(handler.sleep.seconds * 1000, signal);
    return finished ? undefined : `Sleep lifecycle hook (${handler.sleep.seconds}) ${where} failed - error: container terminated before sleep hook finished`;
  }
  return 'Cannot run handler: invalid handler: tcpSocket is not supported as a lifecycle hook (use exec, httpGet or sleep)';
}

async function runHttpHook(action: NonNullable<LifecycleHandler['httpGet']>, target: HookTarget, signal: AbortSignal | undefined): Promise<string | undefined> {
  const host = action.host || (await target.podIP());
  if (!host) return 'failed to find networking container';
  const port = resolvePort(action.port, target.ports);
  if (typeof port !== 'number') return port.error;
  const result = await httpGet(httpGetUrl(action, host, port), httpGetHeaders(action, 'lifecycle'), undefined, signal);
  return result.error;
}

/**
 * kubelet `executePreStopHook` (kuberuntime_container.go): runs the hook but waits at most the
 * grace period; returns the whole seconds spent (to subtract from the grace period) and the
 * failure message, if it failed within that time.
 */
export async function runPreStop(
  handler: LifecycleHandler,
  target: HookTarget,
  graceSeconds: number,
  now: () => number,
): Promise<{ spentSeconds: number; failure?: string }> {
  const started = now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), graceSeconds * 1000);
  const failure = await runLifecycleHandler(handler, target, deadline.signal);
  clearTimeout(timer);
  const spentSeconds = Math.trunc((now() - started) / 1000);
  // Not finished within the grace period: the kubelet only logs it and goes on with the kill.
  return deadline.signal.aborted || failure === undefined ? { spentSeconds } : { spentSeconds, failure };
}

/** The preStop label of a container: the handler with named ports resolved to numbers. */
export function preStopLabel(container: Container): Record<string, string> {
  const handler = container.lifecycle?.preStop;
  if (!handler) return {};
  const resolved = structuredClone(handler);
  for (const action of [resolved.httpGet, resolved.tcpSocket]) {
    if (!action) continue;
    const port = resolvePort(action.port, container.ports);
    if (typeof port === 'number') action.port = port;
  }
  return { [LABEL_PRE_STOP_HANDLER]: JSON.stringify(resolved) };
}

/** The preStop handler a container was created with, if any (a label that does not parse counts as none). */
export function preStopFromLabels(labels: Readonly<Record<string, string>>): LifecycleHandler | undefined {
  const text = labels[LABEL_PRE_STOP_HANDLER];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as LifecycleHandler;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Where an httpGet hook without a host goes, looked up only when one needs it: the pod sandbox's
 * IP, or the node's for a hostNetwork pod (a running sandbox with no IP shares the node's
 * network, which is how a pod whose spec is gone is recognised).
 */
export function podIPLookup(
  runtime: ContainerRuntime,
  observed: readonly ObservedContainer[],
  sandboxId: string | undefined,
  hostNetwork: boolean,
  hostIP: () => string | undefined,
): () => Promise<string | undefined> {
  return async () => {
    if (hostNetwork) return hostIP();
    const sandbox = sandboxId
      ? (observed.find((c) => c.id === sandboxId) ?? (await runtime.inspectContainer(sandboxId)))
      : observed.filter((c) => c.kind === 'sandbox' && c.state === 'running').sort(newestFirst)[0];
    if (sandbox?.state === 'running' && !sandbox.ip) return hostIP();
    return sandbox?.ip;
  };
}
