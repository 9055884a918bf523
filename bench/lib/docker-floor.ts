/**
 * The floor under a pod start: what a plain dockerode script needs to create and start a pause
 * container and N app containers in its namespaces, one after the other, as the agent does but
 * with none of its work around the calls (manifest, plan, image checks, status).
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
}

export async function startFloorPod(p: FloorPod): Promise<void> {
  const labels = (container: string) => ({ [LABEL_NODE_NAME]: p.nodeName, [LABEL_POD_NAME]: p.pod, [LABEL_CONTAINER_NAME]: container });
  const sandbox = await p.docker.createContainer({
    name: `floor_POD_${p.pod}_${p.nodeName}`,
    Image: p.pauseImage,
    Hostname: p.pod,
    Labels: labels('POD'),
    HostConfig: { IpcMode: 'shareable', NetworkMode: 'default', RestartPolicy: { Name: 'no' } },
  });
  await sandbox.start();
  for (let i = 0; i < p.apps; i++) {
    const app = await p.docker.createContainer({
      name: `floor_app${i}_${p.pod}_${p.nodeName}`,
      Image: p.appImage,
      Cmd: ['sleep', '3600'],
      Labels: labels(`app${i}`),
      HostConfig: { IpcMode: `container:${sandbox.id}`, NetworkMode: `container:${sandbox.id}`, RestartPolicy: { Name: 'no' } },
    });
    await app.start();
  }
}
