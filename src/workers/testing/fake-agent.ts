/**
 * The whole agent (SyncLoop → planner → PodSyncer → status) wired on an in-memory runtime and a
 * fake clock, for convergence tests that run in milliseconds. This is the ONLY place such tests
 * build agent internals or call into them: when the SyncLoop, planner or PodSyncer APIs change,
 * only this file changes, and the tests keep using the small `FakeAgent` interface below.
 *
 * Wired as `src/main/daemon.ts` does, minus metrics, probes, cgroups, image credentials and the
 * runtime event stream: syncs are driven explicitly (`setPods`, `syncAll`, `evict`). PodWorkers
 * still requeues with real timers (`enqueueAt`); tests must not wait for those, but `advance()`
 * the fake clock and `syncAll()` instead.
 *
 * The runtime is passed in (`test/helpers/fake-runtime.ts`'s FakeRuntime fits `FakeAgentRuntime`):
 * this module is under `src/`, which the build compiles with `rootDir: src`, so it cannot import
 * from `test/`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { PodAdmission } from '../../admission/pod-admission.js';
import { podFacts } from '../../api/pod-facts.js';
import type { PodStatus } from '../../api/pod-status-types.js';
import type { Pod } from '../../api/pod-types.js';
import { PodHostSetup } from '../../executor/pod-host-setup.js';
import { PodSyncer } from '../../executor/pod-syncer.js';
import { TerminationMessages } from '../../executor/termination-messages.js';
import type { DesiredPod } from '../../manifests/desired-pod.js';
import { makeNodeInfo } from '../../node/node-info.js';
import { KUBELET_BACKOFF } from '../../planner/crash-loop-backoff.js';
import { isNoop } from '../../planner/pod-actions.js';
import { type PodPlan, planPod } from '../../planner/plan-pod.js';
import { restoreBackOff } from '../../planner/restore-backoff.js';
import { FakeClock } from '../../probes/testing/fake-clock.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import { observePod } from '../../runtime/observed-pod.js';
import type { ImageInfo, ObservedContainer } from '../../runtime/types.js';
import { BackOffStore } from '../../shared/backoff-store.js';
import { EventRecorder } from '../../status/event-recorder.js';
import { StatusStore } from '../../status/status-store.js';
import { PodEvictions } from '../../volumes/pod-evictions.js';
import { PodStatusPublisher } from '../pod-status-publisher.js';
import { PodSync } from '../pod-sync.js';
import { SyncLoop } from '../sync-loop.js';

/** 2024-05-01T12:00:00Z: where the fake clock starts (0 would read as "no timestamp" in places). */
export const FAKE_AGENT_T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
export const FAKE_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
const HOST_IP = '10.0.0.5';
const MEMORY_BYTES = 8 * 2 ** 30;

/** What the helper needs of an in-memory runtime (FakeRuntime has it all). */
export interface FakeAgentRuntime extends ContainerRuntime {
  readonly containers: Map<string, ObservedContainer>;
  readonly calls: { method: string; args: unknown[] }[];
  readonly images: Map<string, ImageInfo>;
  /** Timestamps of created/started/exited containers: set to the fake clock. */
  now: () => number;
  addImage(ref: string): unknown;
  exitContainer(id: string, exitCode: number): void;
}

export interface FakeAgentOptions<R extends FakeAgentRuntime> {
  /** Use a FakeRuntime built with the same nodeName (its listContainers filters on it). */
  runtime: R;
  /** Defaults to a FakeClock at FAKE_AGENT_T0. */
  clock?: FakeClock;
  /** Defaults to `node-1`. */
  nodeName?: string;
}

export interface FakeAgent<R extends FakeAgentRuntime = FakeAgentRuntime> {
  readonly runtime: R;
  readonly clock: FakeClock;
  readonly nodeName: string;
  /** The manifest directory's new content (images missing from the runtime are added); waits for the syncs. */
  setPods(pods: readonly Pod[], removalGrace?: ReadonlyMap<string, number>): Promise<void>;
  /** Node mode's second source: live pods no snapshot names are kept until `ready` resolves. */
  holdRemovals(ready: Promise<void>): void;
  /** Waits until no pod sync runs. */
  idle(): Promise<void>;
  /** A relist, then waits until no pod sync runs. */
  syncAll(): Promise<void>;
  /** The running container `containerName` of pod `podName` ends with `code` (throws if none runs). */
  exit(podName: string, containerName: string, code: number): void;
  /** The eviction manager evicts the pod (the record is written under the root dir); waits for its sync. */
  evict(podUid: string, message: string): Promise<void>;
  /** The pod's published status (the non-terminating pod of that name, in any namespace). */
  status(podName: string): PodStatus | undefined;
  /**
   * Whether the pod's next sync would change nothing in the engine: `planPod` with the inputs a
   * sync gives it (back-off restored from labels into a copy). A pod without manifest: no
   * containers left. A refused pod: always. An evicted pod: nothing running. A running pod: the
   * container actions are a no-op (`isNoop` ignores `waiting`: a pod held in back-off is one).
   */
  nextPlanIsNoop(podUid: string): Promise<boolean>;
  /** Moves the fake clock; syncs nothing (call `syncAll` after). */
  advance(ms: number): Promise<void>;
  /**
   * An agent restart: stops this agent (pods keep running, its root dir is kept) and starts a new
   * one with fresh in-memory state on the same runtime, clock, node name and root dir.
   */
  restart(): Promise<FakeAgent<R>>;
  /** Stops the agent and removes its root dir (unless `restart()` handed it on). */
  stop(): Promise<void>;
}

export async function createFakeAgent<R extends FakeAgentRuntime>(options: FakeAgentOptions<R>): Promise<FakeAgent<R>> {
  const rootDir = await mkdtemp(path.join(tmpdir(), 'minikubelet-fake-agent-'));
  return startAgent(options.runtime, options.clock ?? new FakeClock(FAKE_AGENT_T0), options.nodeName ?? 'node-1', rootDir);
}

async function startAgent<R extends FakeAgentRuntime>(runtime: R, clock: FakeClock, nodeName: string, rootDir: string): Promise<FakeAgent<R>> {
  const now = (): number => clock.now();
  runtime.now = now;
  if (!runtime.images.has(FAKE_PAUSE_IMAGE)) runtime.addImage(FAKE_PAUSE_IMAGE);
  const log = pino({ level: 'silent' });
  const events = new EventRecorder(now);
  const store = new StatusStore();
  const backOff = new BackOffStore(KUBELET_BACKOFF, now);
  const node = makeNodeInfo({ name: nodeName, extraLabels: {}, os: 'linux', arch: 'amd64', cpus: 4, memoryBytes: MEMORY_BYTES, maxPods: 110, reserved: { cpuMillis: 0, memoryBytes: 0 } });
  const admission = new PodAdmission(node);
  const evictions = new PodEvictions(rootDir);
  await evictions.load();
  const host = new PodHostSetup({ rootDir, node: { memoryCapacityBytes: MEMORY_BYTES, memoryAllocatableBytes: MEMORY_BYTES, canLowerOomScore: false } });
  const syncer = new PodSyncer({
    runtime, events, log, backOff, host,
    node: {
      nodeName, rootDir, pauseImage: FAKE_PAUSE_IMAGE, clusterDomain: 'cluster.local', sandboxOomScoreAdj: undefined, runtimeHandlers: {},
      hostIP: () => HOST_IP, credentials: () => undefined,
    },
  });
  const status = new PodStatusPublisher({ store, events, terminationMessages: new TerminationMessages(runtime, rootDir), clock: { now, hostIP: () => HOST_IP } });
  const podSync = new PodSync({ runtime, syncer, status, inputs: { backOff, admission, evictions }, log, now });
  const loop = new SyncLoop({ runtime, podSync, admission, rootDir, log, now });
  // As the daemon: pods that already run are noted before the first desired set is admitted.
  await loop.observeLive();

  const desired = new Map<string, DesiredPod>();
  const firstSeen = new Map<string, number>();
  /** Set once `restart()` handed the root dir to the next agent: `stop()` then keeps it. */
  let handedOver = false;
  const stopLoop = async (): Promise<void> => {
    loop.stop();
    await loop.idle();
  };

  return {
    runtime,
    clock,
    nodeName,
    async setPods(pods, removalGrace) {
      desired.clear();
      for (const pod of pods) {
        for (const c of [...pod.spec.initContainers, ...pod.spec.containers]) if (!runtime.images.has(c.image)) runtime.addImage(c.image);
        const uid = pod.metadata.uid;
        if (!firstSeen.has(uid)) firstSeen.set(uid, now());
        const seen = firstSeen.get(uid)!;
        desired.set(uid, { pod, file: `/manifests/${pod.metadata.name}.yaml`, document: 0, firstSeenMs: seen, fileMtimeMs: seen });
      }
      loop.setDesired([...desired.values()], removalGrace);
      await loop.idle();
    },
    holdRemovals(ready) {
      loop.holdRemovals(ready);
    },
    idle() {
      return loop.idle();
    },
    async syncAll() {
      await loop.relist({ full: true });
      await loop.idle();
    },
    exit(podName, containerName, code) {
      const running = [...runtime.containers.values()].find((c) => c.podName === podName && c.containerName === containerName && c.state === 'running');
      if (!running) throw new Error(`no running container ${containerName} in pod ${podName}`);
      runtime.exitContainer(running.id, code);
    },
    async evict(podUid, message) {
      await evictions.record(podUid, message);
      loop.onEviction(podUid);
      await loop.idle();
    },
    status(podName) {
      const records = store.list().filter((r) => r.pod.metadata.name === podName);
      return (records.find((r) => !r.pod.metadata.deletionTimestamp) ?? records[0])?.status;
    },
    async nextPlanIsNoop(podUid) {
      const observed = observePod(podUid, await runtime.listContainers({ podUid }));
      const pod = desired.get(podUid)?.pod;
      const facts = pod ? podFacts(pod) : undefined;
      const restored = new Map<string, ReturnType<BackOffStore['get']>>();
      if (pod && facts) for (const [key, entry] of restoreBackOff(pod, observed, facts.specHashes, backOff)) restored.set(key, entry);
      const plan = planPod({
        pod, facts, observed, olderSameName: undefined, admission: admission.decision(podUid), busyHostPorts: [],
        eviction: evictions.get(podUid), terminal: desired.get(podUid)?.terminal, shown: store.get(podUid)?.status,
        backOff: { get: (key) => backOff.get(key) ?? restored.get(key) }, backOffPolicy: backOff.policy, nowMs: now(),
      });
      return planIsNoop(plan, observed.containers.length);
    },
    advance(ms) {
      return clock.advance(ms);
    },
    async restart() {
      await stopLoop();
      handedOver = true;
      return startAgent(runtime, clock, nodeName, rootDir);
    },
    async stop() {
      await stopLoop();
      if (!handedOver) await rm(rootDir, { recursive: true, force: true });
    },
  };
}

/** Whether carrying the plan out would change nothing in the engine (`isNoop` ignores containers waiting in back-off). */
function planIsNoop(plan: PodPlan, containerCount: number): boolean {
  switch (plan.kind) {
    case 'terminate':
      return containerCount === 0;
    case 'wait-for-name':
    case 'refuse':
      return true;
    case 'evict':
    case 'deadline':
    case 'finished':
      return !plan.stopRunning;
    case 'run':
      return isNoop(plan.actions);
  }
}
