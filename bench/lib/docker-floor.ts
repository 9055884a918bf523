/**
 * The floor under a pod start: what a plain dockerode script needs to create and start a pause
 * container, then create and start N app containers in its namespaces, all at once, with none of
 * the agent's work around the calls (manifest, plan, image checks, status). The agent can meet it
 * only by overlapping the apps' creation with the sandbox's start, as it does.
 */
import type Docker from 'dockerode';
import { LABEL_CONTAINER_NAME, LABEL_NODE_NAME, LABEL_POD_NAME } from '../../src/runtime/labels.js';

export interface FloorPod {
  docker: Docker;
  nodeName: string;
  pod: string;
  apps: number;
  pauseImage: string;
  appImage: string;
  /** The Docker runtime (`HostConfig.Runtime`) of every container; the engine's default when unset. */
  runtime?: string;
  /** Filled with how long each engine call took (ms; the apps' are the slowest of them), for a profile. */
  steps?: FloorSteps;
}

/** Milliseconds per engine call of one floor pod. */
export interface FloorSteps {
  createSandbox?: number;
  startSandbox?: number;
  createApps?: number;
  startApps?: number;
}

export async function startFloorPod(p: FloorPod): Promise<void> {
  const labels = (container: string) => ({ [LABEL_NODE_NAME]: p.nodeName, [LABEL_POD_NAME]: p.pod, [LABEL_CONTAINER_NAME]: container });
  const runtime = p.runtime ? { Runtime: p.runtime } : {};
  const steps = p.steps ?? {};
  const timed = async <T>(step: keyof FloorSteps, call: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      steps[step] = Math.max(steps[step] ?? 0, performance.now() - t0);
    }
  };
  const sandbox = await timed('createSandbox', () => p.docker.createContainer({
    name: `floor_POD_${p.pod}_${p.nodeName}`,
    Image: p.pauseImage,
    Hostname: p.pod,
    Labels: labels('POD'),
    HostConfig: { IpcMode: 'shareable', NetworkMode: 'default', RestartPolicy: { Name: 'no' }, ...runtime },
  }));
  await timed('startSandbox', () => sandbox.start());
  await Promise.all(
    Array.from({ length: p.apps }, async (_, i) => {
      const app = await timed('createApps', () => p.docker.createContainer({
        name: `floor_app${i}_${p.pod}_${p.nodeName}`,
        Image: p.appImage,
        Cmd: ['sleep', '3600'],
        Labels: labels(`app${i}`),
        HostConfig: { IpcMode: `container:${sandbox.id}`, NetworkMode: `container:${sandbox.id}`, RestartPolicy: { Name: 'no' }, ...runtime },
      }));
      await timed('startApps', () => app.start());
    }),
  );
}
