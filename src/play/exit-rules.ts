import type { ContainerStateTerminated, ContainerStatus } from '../api/pod-status-types.js';
import { containerLabel } from './log-prefix.js';
import { type PodView, exitText, podLabel } from './status-lines.js';

/** When play stops by itself, besides every pod having completed. */
export interface ExitRules {
  /** `--exit-code-from`: stop when this container exits, with its exit code (a pod alone means its first app container). */
  exitCodeFrom?: { namespace: string; pod: string; container: string };
  /** `--abort-on-container-exit`: stop when any container exits (an init container only when it fails). */
  abortOnContainerExit: boolean;
}

export interface ExitDecision {
  exitCode: number;
  /** Said once when play stops: `web/app exited (exit 3)`. */
  why: string;
}

interface Exit {
  label: string;
  terminated: ContainerStateTerminated;
}

/**
 * Whether play stops now, and with what exit code (compose `up`'s rules, for pods): the container
 * `--exit-code-from` names exited → its code; `--abort-on-container-exit` and a container exited →
 * the code of the first to exit; every pod of the run completed (Succeeded or Failed) → the code
 * of the first container that failed, 1 for a pod that failed with none (refused, evicted), else 0.
 * `pods` are the run's pods that have a status; `expected` is how many it has.
 */
export function decideExit(pods: readonly PodView[], expected: number, rules: ExitRules): ExitDecision | undefined {
  const from = rules.exitCodeFrom;
  if (from) {
    const pod = pods.find((p) => p.namespace === from.namespace && p.name === from.pod);
    const status = pod && [...pod.initContainers, ...pod.containers].find((c) => c.name === from.container);
    const exit = status && lastExit(status);
    if (exit) return decision({ label: containerLabel(from.namespace, from.pod, from.container), terminated: exit });
  } else if (rules.abortOnContainerExit) {
    const exits = pods.flatMap((p) => [
      ...p.initContainers.flatMap((c) => exitOf(p, c)).filter((e) => e.terminated.exitCode !== 0),
      ...p.containers.flatMap((c) => exitOf(p, c)),
    ]);
    const first = earliest(exits);
    if (first) return decision(first);
  }
  if (pods.length < expected || expected === 0 || !pods.every((p) => p.phase === 'Succeeded' || p.phase === 'Failed')) return undefined;
  const failed = pods.filter((p) => p.phase === 'Failed');
  const first = earliest(
    failed.flatMap((p) => [...p.initContainers, ...p.containers].flatMap((c) => {
      const t = c.state.terminated;
      return t && t.exitCode !== 0 ? [{ label: containerLabel(p.namespace, p.name, c.name), terminated: t }] : [];
    })),
  );
  if (first) return { exitCode: first.terminated.exitCode, why: `every pod completed; ${first.label} failed (${exitText(first.terminated)})` };
  if (failed.length > 0) {
    const pod = failed[0]!;
    return { exitCode: 1, why: `every pod completed; ${podLabel(pod.namespace, pod.name)} failed (${pod.status})` };
  }
  return { exitCode: 0, why: 'every pod completed' };
}

/** The container's latest exit: the current instance's, or the previous one's after a restart. */
function lastExit(c: ContainerStatus): ContainerStateTerminated | undefined {
  return c.state.terminated ?? c.lastState.terminated;
}

function exitOf(pod: PodView, c: ContainerStatus): Exit[] {
  const terminated = lastExit(c);
  return terminated ? [{ label: containerLabel(pod.namespace, pod.name, c.name), terminated }] : [];
}

/** The exit that finished first; ties (or no times) in the order given. */
function earliest(exits: readonly Exit[]): Exit | undefined {
  const at = (e: Exit) => (e.terminated.finishedAt ? Date.parse(e.terminated.finishedAt) : Infinity);
  return [...exits].sort((a, b) => at(a) - at(b))[0];
}

function decision(exit: Exit): ExitDecision {
  // A signal's exit code is 128+n already (Docker's); a negative one cannot be a process exit status.
  const code = exit.terminated.exitCode >= 0 && exit.terminated.exitCode <= 255 ? exit.terminated.exitCode : 1;
  return { exitCode: code, why: `${exit.label} exited (${exitText(exit.terminated)})` };
}
