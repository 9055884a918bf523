/**
 * Where a pod start's time goes, from the engine's own event stamps: before the sandbox's
 * `create` (for the agent: the directory's event, the read, the plan, the pod cgroup, DNS, the
 * create call; for the floor: the create call alone), the sandbox's create → start, and the
 * sandbox's start → the last app container's start. Same phases for the agent and the floor, so
 * the difference says which part of the agent's work is not overlapped.
 */
import type { EngineEvent } from './engine-events.js';
import { type Summary, summarize } from './stats.js';

export interface StartPhases {
  toSandboxCreated: number;
  sandboxCreateToStart: number;
  sandboxStartToLastApp: number;
}

/** The phases of one pod whose every container started; `t0` is when its start was asked for (epoch ms). */
export function startPhases(events: readonly EngineEvent[], pod: string, t0: number): StartPhases {
  const mine = events.filter((e) => e.pod === pod);
  const at = (action: EngineEvent['action'], sandbox: boolean) =>
    mine.filter((e) => e.action === action && (e.container === 'POD') === sandbox).map((e) => e.atMs);
  const sandboxCreated = Math.min(...at('create', true));
  const sandboxStarted = Math.min(...at('start', true));
  const lastApp = Math.max(...at('start', false));
  return {
    toSandboxCreated: sandboxCreated - t0,
    sandboxCreateToStart: sandboxStarted - sandboxCreated,
    sandboxStartToLastApp: lastApp - sandboxStarted,
  };
}

/** The median of each phase over several pods. */
export function summarizePhases(all: readonly StartPhases[]): Record<keyof StartPhases, number> {
  const median = (key: keyof StartPhases): number => (summarize(all.map((p) => p[key])) satisfies Summary).median;
  return {
    toSandboxCreated: median('toSandboxCreated'),
    sandboxCreateToStart: median('sandboxCreateToStart'),
    sandboxStartToLastApp: median('sandboxStartToLastApp'),
  };
}
