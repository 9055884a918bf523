import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/pod-types.js';
import type { PodCgroups } from '../cgroups/pod-cgroups.js';
import { KUBELET_BACKOFF } from '../planner/crash-loop-backoff.js';
import { emptyPodActions } from '../planner/pod-actions.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { BackOffStore } from '../shared/backoff-store.js';
import { EventRecorder } from '../status/event-recorder.js';
import { makePod } from '../status/testing/fixtures.js';
import { PodHostSetup } from './pod-host-setup.js';
import { createSandboxContainer } from './sandbox-step.js';
import type { SyncContext } from './sync-context.js';

/** A sync context whose pod cgroup is made when the test says, and whose engine creates at once (or fails). */
function context(createFails = false, cgroupThrows = false) {
  const steps: string[] = [];
  let cgroupMade = () => {};
  const cgroups = {
    ensure: () => new Promise<void>((resolve, reject) => (cgroupMade = () => (steps.push('cgroup made'), cgroupThrows ? reject(new Error('bad quantity')) : resolve()))),
    parentOf: (pod: Pod) => `/kubepods/besteffort/pod${pod.metadata.uid}`,
  } as unknown as PodCgroups;
  const runtime = {
    createContainer: async (spec: { cgroupParent?: string }) => {
      steps.push(`create in ${spec.cgroupParent}`);
      if (createFails) throw new Error('Conflict: the name is in use');
      return 'sandbox-1';
    },
  } as unknown as ContainerRuntime;
  const events = new EventRecorder(() => 0);
  const ctx = {
    runtime, events, log: pino({ level: 'silent' }),
    backOff: new BackOffStore(KUBELET_BACKOFF, () => 0),
    node: { nodeName: 'node-1', rootDir: '/nonexistent', pauseImage: 'pause', sandboxOomScoreAdj: undefined, runtimeHandlers: {}, clusterDomain: 'cluster.local', hostIP: () => '10.0.0.5', credentials: () => undefined },
    host: new PodHostSetup({ rootDir: '/nonexistent', node: { memoryCapacityBytes: 2 ** 30, memoryAllocatableBytes: 2 ** 30, canLowerOomScore: false }, cgroups, resolvConfPath: '/nonexistent/resolv.conf' }),
  } satisfies SyncContext;
  return { ctx, steps, events, makeCgroup: () => cgroupMade() };
}

const settled = async (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]);

describe('createSandboxContainer', () => {
  it('creates the pause container, in the pod cgroup, while the cgroup is made, and returns once both are done', async () => {
    const { ctx, steps, makeCgroup } = context();
    const pod = makePod({});
    const created = createSandboxContainer(ctx, pod, { ...emptyPodActions(), createSandbox: true });
    expect(await settled(created)).toBe(false);
    expect(steps).toEqual([`create in /kubepods/besteffort/pod${pod.metadata.uid}`]);
    makeCgroup();
    expect(await created).toEqual({ ok: true, id: 'sandbox-1' });
    expect(steps).toHaveLength(2);
  });

  it('on a failed create, reports it once the cgroup is made (a removal of the pod then finds it)', async () => {
    const { ctx, events, makeCgroup } = context(true);
    const pod = makePod({});
    const created = createSandboxContainer(ctx, pod, { ...emptyPodActions(), createSandbox: true });
    expect(await settled(created)).toBe(false);
    makeCgroup();
    expect(await created).toMatchObject({ ok: false });
    expect(events.list(pod.metadata.uid).filter((e) => e.reason === 'FailedCreatePodSandBox')).toMatchObject([{ type: 'Warning', message: 'Failed to create pod sandbox: Conflict: the name is in use' }]);
  });

  it('creates the sandbox when making the pod cgroup throws (the per-container limits still apply)', async () => {
    const { ctx, makeCgroup } = context(false, true);
    const created = createSandboxContainer(ctx, makePod({}), { ...emptyPodActions(), createSandbox: true });
    makeCgroup();
    expect(await created).toEqual({ ok: true, id: 'sandbox-1' });
  });
});
