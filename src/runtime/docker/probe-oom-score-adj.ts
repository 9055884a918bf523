import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { LABEL_NODE_NAME } from '../labels.js';

/**
 * Whether this engine may give containers a negative oom_score_adj (cri-dockerd gives the sandbox
 * −998). Lowering it needs CAP_SYS_RESOURCE, which some hosts (nested or rootless engines) do not
 * grant dockerd; there runc fails to start the container at all. One throwaway container tells.
 */
export async function canLowerOomScore(docker: Docker, image: string, nodeName: string, log: Logger): Promise<boolean> {
  const label = `${LABEL_NODE_NAME}=${nodeName}-probe`;
  // An agent killed while it probed left its throwaway container behind: gone before the next.
  const leftovers = await docker.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  const container = await docker.createContainer({
    Image: image,
    Labels: { [LABEL_NODE_NAME]: `${nodeName}-probe` },
    HostConfig: { OomScoreAdj: -998, NetworkMode: 'none', AutoRemove: false },
  });
  try {
    await container.start();
    return true;
  } catch (err) {
    log.warn(
      { err: { message: (err as Error).message } },
      'This Docker engine cannot lower OOM scores; pod sandboxes (kubelet: -998) and Guaranteed containers (kubelet: -997) keep oom_score_adj 0, positive scores still apply',
    );
    return false;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
