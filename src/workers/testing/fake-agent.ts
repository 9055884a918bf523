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
import { hashContainer } from '../../api/container-hash.js';
import type { PodStatus } from '../../api/pod-status-types.js';
import type { Pod } from '../../api/pod-types.js';
import { PodHostSetup } from '../../executor/pod-host-setup.js';
import { PodSyncer } from '../../executor/pod-syncer.js';
import { TerminationMessages } from '../../executor/termination-messages.js';
import type { DesiredPod } from '../../manifests/desired-pod.js';
import { makeNodeInfo } from '../../node/node-info.js';
import { computePodActions } from '../../planner/compute-pod-actions.js';
import { type BackOffEntry, KUBELET_BACKOFF } from '../../planner/crash-loop-backoff.js';
import { isNoop } from '../../planner/pod-actions.js';
import { restoreBackOff } from '../../planner/restore-backoff.js';
import { FakeClock } from '../../probes/testing/fake-clock.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import type { ImageInfo, ObservedContainer } from '../../runtime/types.js';
import { EventRecorder } from '../../status/event-recorder.js';
import { StatusStore } from '../../status/status-store.js';
import { PodEvictions } from '../../volumes/pod-evictions.js';
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
  setPods(pods: readonly Pod[]): Promise<void>;
  /** A relist, then waits until no pod sync runs. */
  syncAll(): Promise<void>;
  /** The running container `containerName` of pod `podName` ends with `code` (throws if none runs). */
  exit(podName: string, containerName: string, code: number): void;
  /** The eviction manager evicts the pod (the record is written under the root dir); waits for its sync. */
  evict(podUid: string, message: string): Promise<void>;
  /** The pod's published status (the non-terminating pod of that name, in any namespace). */
  status(podName: string): PodStatus | undefined;
  /**
   * Whether the pod's next sync would change nothing in the engine: the decision SyncLoop.syncPod
   * makes today. A pod without manifest: no containers left. A refused pod: always. An evicted
   * pod: nothing running. Otherwise `isNoop(computePodActions(...))` with the same inputs (back-off
   * restored from labels into a copy); `isNoop` ignores `waiting`, so a pod held in back-off is a no-op.
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
  const backOff = new Map<string, BackOffEntry>();
  const backOffPolicy = KUBELET_BACKOFF;
  const node = makeNodeInfo({ name: nodeName, extraLabels: {}, os: 'linux', arch: 'amd64', cpus: 4, memoryBytes: MEMORY_BYTES, maxPods: 110, reserved: { cpuMillis: 0, memoryBytes: 0 } });
  const admission = new PodAdmission(node);
  const evictions = new PodEvictions(rootDir);
  await evictions.load();
  const host = new PodHostSetup({ runtime, rootDir, node: { memoryCapacityBytes: MEMORY_BYTES, memoryAllocatableBytes: MEMORY_BYTES, canLowerOomScore: false } });
  const syncer = new PodSyncer({
    runtime, events, log, nodeName, rootDir, pauseImage: FAKE_PAUSE_IMAGE, clusterDomain: 'cluster.local', sandboxOomScoreAdj: undefined,
    now, backOff, backOffPolicy, pullBackOff: new Map(), hashContainer, credentials: () => undefined, hostIP: () => HOST_IP, host,
  });
  const loop = new SyncLoop({
    runtime, syncer, store, events, log, now, nodeName, hostIP: () => HOST_IP, rootDir, backOff, backOffPolicy, hashContainer,
    retryMs: 10_000, terminationMessages: new TerminationMessages(runtime, rootDir), admission, evictions,
  });
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
    async setPods(pods) {
      desired.clear();
      for (const pod of pods) {
        for (const c of [...pod.spec.initContainers, ...pod.spec.containers]) if (!runtime.images.has(c.image)) runtime.addImage(c.image);
        const uid = pod.metadata.uid;
        if (!firstSeen.has(uid)) firstSeen.set(uid, now());
        const seen = firstSeen.get(uid)!;
        desired.set(uid, { pod, file: `/manifests/${pod.metadata.name}.yaml`, document: 0, firstSeenMs: seen, fileMtimeMs: seen });
      }
      loop.setDesired([...desired.values()]);
      await loop.idle();
    },
    async syncAll() {
      await loop.relist();
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
      const observed = await runtime.listContainers({ podUid });
      const d = desired.get(podUid);
      if (!d) return observed.length === 0;
      if (admission.decision(podUid)?.admit === false) return true;
      if (evictions.get(podUid) !== undefined) return !observed.some((c) => c.state === 'running');
      const { pod } = d;
      const specHashes = new Map([...pod.spec.initContainers, ...pod.spec.containers].map((c) => [c.name, hashContainer(c)]));
      const restored = new Map([...backOff, ...restoreBackOff(pod, observed, specHashes, backOff)]);
      return isNoop(computePodActions({ pod, containers: observed, specHashes, backOff: restored, backOffPolicy, nowMs: now() }));
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
