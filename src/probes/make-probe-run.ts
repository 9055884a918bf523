import { expandVars } from '../api/expand-vars.js';
import type { Container, Probe } from '../api/pod-types.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { ProbeOutcome, ProbeRun } from './probe-result.js';
import { resolvePort } from './resolve-port.js';
import { type HttpGetResult, httpGet, httpGetHeaders, httpGetUrl } from './run-http.js';
import { runExec } from './run-exec.js';
import { probeTcp } from './run-tcp.js';

/** The container instance a probe targets. */
export interface ProbeTarget {
  containerId: string;
  /** The pod IP (the host IP for hostNetwork pods): where grpc goes, and httpGet and tcpSocket by default. */
  podIP: string | undefined;
}

/**
 * The handler of one probe as a function that runs it once (kubelet pkg/kubelet/prober/prober.go
 * `runProbe`): exec in the container through the engine; httpGet, tcpSocket and grpc from the
 * agent to the pod IP, as the kubelet dials from the node, never from inside the app image.
 */
export function makeProbeRun(runtime: ContainerRuntime, probe: Probe, container: Container, target: ProbeTarget): () => ProbeRun {
  const timeoutMs = probe.timeoutSeconds * 1000;
  if (probe.exec) {
    // kubelet `ExpandContainerCommandOnlyStatic`: $(VAR) from the container's own env values only.
    const env = new Map(container.env.map((e) => [e.name, e.value ?? '']));
    const cmd = probe.exec.command.map((s) => expandVars(s, (n) => env.get(n)));
    return () => {
      const run = runExec(runtime, target.containerId, cmd, { timeoutMs });
      return { outcome: run.result.then((r) => execOutcome(r, cmd)), settled: run.ended };
    };
  }
  const grpc = probe.grpc;
  if (grpc) {
    // The kubelet dials the pod IP: a gRPC probe has no `host`, and its port is always a number.
    return () => {
      if (!target.podIP) return settledRun({ result: 'error', output: 'the pod has no IP yet' });
      const podIP = target.podIP;
      // @grpc/grpc-js is loaded by the first grpc probe only: an agent without one never pays its memory.
      const outcome = import('./run-grpc.js').then(
        ({ probeGrpc }) => probeGrpc(podIP, grpc.port, grpc.service, timeoutMs),
        (err: Error): ProbeOutcome => ({ result: 'error', output: `cannot load the grpc prober: ${err.message}` }),
      );
      return { outcome, settled: outcome.then(() => undefined) };
    };
  }
  const action = probe.httpGet ?? probe.tcpSocket;
  if (!action) return () => settledRun({ result: 'error', output: 'probe has no handler' });
  const port = resolvePort(action.port, container.ports);
  return () => {
    const host = action.host || target.podIP;
    if (typeof port !== 'number') return settledRun({ result: 'error', output: port.error });
    if (!host) return settledRun({ result: 'error', output: 'the pod has no IP yet' });
    const outcome = probe.httpGet
      ? httpGet(httpGetUrl(probe.httpGet, host, port), httpGetHeaders(probe.httpGet, 'probe'), timeoutMs).then(httpOutcome)
      : probeTcp(host, port, timeoutMs);
    return { outcome, settled: outcome.then(() => undefined) };
  };
}

function settledRun(outcome: ProbeOutcome): ProbeRun {
  return { outcome: Promise.resolve(outcome), settled: Promise.resolve() };
}

/** kubelet pkg/probe/exec/exec.go: exit 0 → Success; else Failure with the output; timeout → Failure. */
export function execOutcome(r: { exitCode?: number; output: string; timedOut: boolean; error?: string }, cmd: string[]): ProbeOutcome {
  if (r.error !== undefined) return { result: 'error', output: r.error };
  if (r.timedOut) return { result: 'failure', output: `command ${JSON.stringify(cmd.join(' '))} timed out` };
  if (r.exitCode === undefined) return { result: 'error', output: `command ${JSON.stringify(cmd.join(' '))} ended with no exit code` };
  return { result: r.exitCode === 0 ? 'success' : 'failure', output: r.output };
}

/** kubelet pkg/probe/http/http.go `DoHTTPProbe`: 200–399 Success (3xx with a warning), else Failure. */
export function httpOutcome(r: HttpGetResult): ProbeOutcome {
  if (r.error !== undefined || r.statusCode === undefined) return { result: 'failure', output: r.error ?? '' };
  if (r.statusCode >= 200 && r.statusCode < 400) {
    if (r.statusCode >= 300) return { result: 'warning', output: `Probe terminated redirects, Response body: ${r.body}` };
    return { result: 'success', output: r.body };
  }
  // The kubelet keeps the body out of this message (it may hold secrets, k8s#99425).
  return { result: 'failure', output: `HTTP probe failed with statuscode: ${r.statusCode}` };
}
