import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { CgroupLayout } from '../cgroup-layout.js';
import { ensurePauseImage } from './ensure-pause-image.js';
import { canLowerOomScore } from './probe-oom-score-adj.js';
import { readCgroupLayout } from './read-cgroup-layout.js';
import { readPodNetwork } from './read-pod-network.js';

/** What the agent learned of the engine at start. */
export interface EngineFacts {
  /** The engine lets a container lower its OOM score (the sandbox's −998). */
  canLowerOomScore: boolean;
  /** Where pod cgroups go; undefined when the cgroup tree cannot be written. */
  cgroupLayout: CgroupLayout | undefined;
  /** The engine's data root (`docker info` DockerRootDir): the imagefs of the eviction signals. */
  dockerRootDir: string | undefined;
  /** The IPv4 subnets pods get their IPs from (Docker's `bridge` network). */
  podNetwork: string[];
}

/** Once the engine answers: the pause image present (built locally when missing), and what the engine allows. */
export async function prepareEngine(docker: Docker, options: { pauseImage: string; nodeName: string }, log: Logger): Promise<EngineFacts> {
  await ensurePauseImage(docker, options.pauseImage, log.child({ component: 'pause-image' }));
  const lower = await canLowerOomScore(docker, options.pauseImage, options.nodeName, log.child({ component: 'runtime' }));
  const cgroupLayout = await readCgroupLayout(docker, log.child({ component: 'cgroups' }));
  const info = (await docker.info().catch(() => undefined)) as { DockerRootDir?: string } | undefined;
  return { canLowerOomScore: lower, cgroupLayout, dockerRootDir: info?.DockerRootDir, podNetwork: await readPodNetwork(docker) };
}
