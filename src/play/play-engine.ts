import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Pod } from '../api/pod-types.js';
import type { Metrics } from '../metrics/metrics.js';
import { createDockerClient } from '../runtime/docker/docker-client.js';
import { DockerRuntime } from '../runtime/docker/docker-runtime.js';
import { type EngineFacts, prepareEngine } from '../runtime/docker/prepare-engine.js';
import type { DockerEndpoint } from './docker-endpoint.js';

export interface PlayEngine {
  docker: Docker;
  runtime: DockerRuntime;
  engine: EngineFacts;
  version: string;
}

export interface ConnectOptions {
  endpoint: DockerEndpoint;
  nodeName: string;
  pauseImage: string;
  /** Whether play runs as root: pod cgroups are written only then. */
  root: boolean;
  metrics: Metrics;
  log: Logger;
}

/** The engine at the endpoint, answered once (no waiting: a developer wants to hear at once that it is not there). */
export async function connectEngine(options: ConnectOptions): Promise<PlayEngine> {
  const { endpoint } = options;
  const docker = await createDockerClient(endpoint.kind === 'socket' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port, protocol: 'http' });
  const runtime = new DockerRuntime({
    docker, nodeName: options.nodeName, maxConcurrentCalls: 16, metrics: options.metrics,
    logRotation: { maxSizeBytes: 10 * 1024 * 1024, maxFiles: 5 },
  });
  const where = endpoint.kind === 'socket' ? endpoint.socketPath : `tcp://${endpoint.host}:${endpoint.port}`;
  let version: string;
  try {
    version = await runtime.ping();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const hint = /EACCES|permission denied/i.test(message)
      ? ': permission denied. Run play as a user in the docker group (sudo usermod -aG docker $USER, then log in again)'
      : `: ${message}. Is the Docker engine running?`;
    throw new Error(`cannot reach the Docker engine at ${where} (${endpoint.source})${hint}`, { cause: err });
  }
  const facts = await prepareEngine(docker, { pauseImage: options.pauseImage, nodeName: options.nodeName }, options.log);
  // Without root the agent cannot make the kubepods cgroups: pods keep the engine's default parent.
  const engine = options.root ? facts : { ...facts, cgroupLayout: undefined };
  return { docker, runtime, engine, version };
}

/**
 * What needs root and is unavailable to this run, one sentence each, said once at start: pod-level
 * cgroups (per-container limits still apply), the cluster DNS (its interface and rules), and each `emptyDir` with `medium: Memory` (a tmpfs
 * mount; that pod's containers cannot be created and it shows why).
 */
export function rootOnlyNotes(root: boolean, pods: readonly Pod[]): string[] {
  if (root) return [];
  const notes = [
    'not running as root: pods get no pod-level cgroup (the per-container cpu and memory limits still apply)',
    'not running as root: no cluster DNS nor Service addresses; ClusterFirst pods use the host\'s DNS',
  ];
  for (const pod of pods) {
    for (const v of pod.spec.volumes) {
      if (v.emptyDir?.medium === 'Memory') {
        notes.push(`pod ${pod.metadata.name}: emptyDir "${v.name}" has medium: Memory, a tmpfs mount that needs root; the pod cannot start here (drop the medium to use a directory)`);
      }
    }
  }
  return notes;
}
