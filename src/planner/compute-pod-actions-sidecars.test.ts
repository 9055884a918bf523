import { describe, expect, it } from 'vitest';
import type { Pod, RestartPolicy } from '../api/pod-types.js';
import type { ProbeResult } from '../probes/probe-result.js';
import { observePod } from '../runtime/observed-pod.js';
import type { ObservedContainer } from '../runtime/types.js';
import type { BackOffEntry } from '../shared/backoff.js';
import { computePodActions } from './compute-pod-actions.js';
import { KUBELET_BACKOFF, backOffKey } from './crash-loop-backoff.js';
import type { PodActions } from './pod-actions.js';
import { SECOND, T0, app, init, makeContainer, makePod, makeProbe, sandbox, specHashOf, specHashes } from './testing/planner-fixtures.js';

// Sidecar containers (initContainers[] with restartPolicy Always, kubelet computeInitContainerActions):
// one pod shape per case, what the engine reports, and the plan reduced to names.

interface Case {
  it: string;
  /** `side` is a sidecar; `setup` a regular init container after it unless `order` says otherwise. */
  order?: ('side' | 'setup' | 'side2')[];
  policy?: RestartPolicy;
  sideProbes?: { startup?: boolean; liveness?: boolean };
  observed: ObservedContainer[];
  startup?: [string, ProbeResult][];
  liveness?: [string, ProbeResult][];
  backOff?: [string, BackOffEntry][];
  want: Partial<Summary>;
}

interface Summary {
  killPod: boolean;
  createSandbox: boolean;
  sidecarsToStart: string[];
  initContainerToStart: string | undefined;
  containersToStart: string[];
  containersToKill: string[];
  waiting: string[];
}

function podOf(c: Case): Pod {
  const probes = {
    ...(c.sideProbes?.startup ? { startupProbe: makeProbe() } : {}),
    ...(c.sideProbes?.liveness ? { livenessProbe: makeProbe() } : {}),
  };
  const inits = (c.order ?? ['side', 'setup']).map((name) =>
    name === 'setup' ? makeContainer('setup') : makeContainer(name, { restartPolicy: 'Always', ...probes }),
  );
  return makePod({ initContainers: inits, containers: [makeContainer('a')], restartPolicy: c.policy ?? 'Always' });
}

function plan(c: Case): PodActions {
  const pod = podOf(c);
  return computePodActions({
    pod,
    observed: observePod(pod.metadata.uid, c.observed),
    specHashes: specHashes(pod),
    backOff: new Map(c.backOff ?? []),
    backOffPolicy: KUBELET_BACKOFF,
    nowMs: T0,
    startup: new Map(c.startup ?? []),
    liveness: new Map(c.liveness ?? []),
  });
}

function summarize(p: PodActions): Summary {
  const named = (s: { name: string; attempt: number }) => `${s.name}#${s.attempt}`;
  return {
    killPod: p.killPod,
    createSandbox: p.createSandbox,
    sidecarsToStart: p.sidecarsToStart.map(named),
    initContainerToStart: p.initContainerToStart && named(p.initContainerToStart),
    containersToStart: p.containersToStart.map(named),
    containersToKill: p.containersToKill.map((k) => k.id),
    waiting: p.waiting.map((w) => `${w.name}:${w.reason}`),
  };
}

const key = (name: string) => backOffKey({ name: 'web', namespace: 'default', uid: 'uid-1' }, name, specHashOf(name));
const running = (name: string, attempt = 0) => init(name, { state: 'running', attempt });
const crashed = (name: string, attempt = 0) => init(name, { exitCode: 1, attempt, finishedAt: T0 - 5 * SECOND });

const cases: Case[] = [
  { it: 'starts a sidecar first in a new sandbox, as any first init container', observed: [], want: { createSandbox: true, initContainerToStart: 'side#0' } },
  {
    it: 'starts the next init container once the sidecar runs (no startup probe), and keeps the sidecar',
    observed: [sandbox(), running('side')],
    want: { initContainerToStart: 'setup#0', sidecarsToStart: [], containersToKill: [], containersToStart: [] },
  },
  {
    it: 'holds the next init container until the sidecar startup probe passed',
    sideProbes: { startup: true },
    observed: [sandbox(), running('side')],
    want: { initContainerToStart: undefined, containersToStart: [], containersToKill: [] },
  },
  {
    it: 'goes on once the startup probe succeeded',
    sideProbes: { startup: true },
    observed: [sandbox(), running('side')],
    startup: [['side-0', 'success']],
    want: { initContainerToStart: 'setup#0' },
  },
  {
    it: 'kills and starts again a sidecar whose startup probe failed',
    sideProbes: { startup: true },
    observed: [sandbox(), running('side')],
    startup: [['side-0', 'failure']],
    want: { containersToKill: ['side-0'], sidecarsToStart: ['side#1'], initContainerToStart: undefined },
  },
  {
    it: 'starts the app containers in the same sync in which the last init container, a started sidecar, is done',
    order: ['setup', 'side'],
    observed: [sandbox(), init('setup'), running('side')],
    want: { initContainerToStart: undefined, containersToStart: ['a#0'] },
  },
  {
    it: 'starts again a sidecar that exited while the app runs, whatever the pod restartPolicy',
    policy: 'Never',
    observed: [sandbox(), init('side', { exitCode: 0 }), init('setup'), app('a')],
    want: { sidecarsToStart: ['side#1'], containersToStart: [], killPod: false },
  },
  {
    it: 'holds a crash-looping sidecar in CrashLoopBackOff, leaving the app alone',
    observed: [sandbox(), crashed('side', 1), crashed('side', 0), init('setup'), app('a')],
    backOff: [[key('side'), { delayMs: 10 * SECOND, lastUpdateMs: T0 - 8 * SECOND }]],
    want: { sidecarsToStart: [], waiting: ['side:CrashLoopBackOff'], killPod: false, containersToStart: [] },
  },
  {
    it: 'starts again, in order, sidecars gone from the engine while the app runs',
    order: ['side', 'side2', 'setup'],
    observed: [sandbox(), init('setup'), app('a')],
    want: { sidecarsToStart: ['side#0', 'side2#0'], initContainerToStart: undefined },
  },
  {
    it: 'kills and restarts a sidecar that failed its liveness probe, the app untouched',
    sideProbes: { liveness: true },
    observed: [sandbox(), running('side'), init('setup'), app('a')],
    liveness: [['side-0', 'failure']],
    want: { containersToKill: ['side-0'], sidecarsToStart: ['side#1'], containersToStart: [] },
  },
  {
    it: 'kills and restarts a sidecar whose spec changed',
    observed: [sandbox(), init('side', { state: 'running', specHash: 'old' }), init('setup'), app('a')],
    want: { containersToKill: ['side-0'], sidecarsToStart: ['side#1'] },
  },
  {
    it: 'does not keep a completed Job-like pod alive: the app exited under Never, so the sidecar is stopped with the pod',
    policy: 'Never',
    observed: [sandbox(), running('side'), init('setup'), app('a', { state: 'exited', exitCode: 0 })],
    want: { killPod: true, sidecarsToStart: [], containersToStart: [] },
  },
  {
    it: 'does not start a sidecar again once its completed pod was stopped (OnFailure, app succeeded)',
    policy: 'OnFailure',
    observed: [sandbox({ state: 'exited' }), init('side', { exitCode: 143 }), init('setup'), app('a', { state: 'exited', exitCode: 0 })],
    want: { createSandbox: false, sidecarsToStart: [], initContainerToStart: undefined },
  },
  {
    it: 'fails the pod when a regular init container after a sidecar fails under Never',
    policy: 'Never',
    observed: [sandbox(), running('side'), crashed('setup')],
    want: { killPod: true, initContainerToStart: undefined },
  },
];

describe('computePodActions: sidecar containers', () => {
  for (const c of cases) {
    it(c.it, () => {
      const got = summarize(plan(c));
      const picked = Object.fromEntries(Object.keys(c.want).map((k) => [k, got[k as keyof Summary]]));
      expect(picked).toEqual(c.want);
    });
  }
});
