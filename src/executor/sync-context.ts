import type { Logger } from 'pino';
import type { RegistryAuth } from '../images/registry-credentials.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { BackOffStore } from '../shared/backoff-store.js';
import type { EventRecorder } from '../status/event-recorder.js';
import type { ServicesView } from '../services/service-view.js';
import type { PodHostSetup } from './pod-host-setup.js';

/** What the node gives every pod it creates: fixed for the agent's life. */
export interface NodeSettings {
  nodeName: string;
  rootDir: string;
  pauseImage: string;
  /** The sandbox's oom_score_adj (cri-dockerd: −998), undefined where the engine cannot lower it. */
  sandboxOomScoreAdj: number | undefined;
  /** `--runtime-classes`: each RuntimeClass name's handler, the Docker runtime that runs its pods. */
  runtimeHandlers: Readonly<Record<string, string>>;
  /** `--cluster-domain`: ends the FQDN of pods with a subdomain. */
  clusterDomain: string;
  /** The node's IP: where hostNetwork pods' httpGet hooks go. */
  hostIP: () => string;
  /** Node-level registry credentials for an image (`--image-credentials`). */
  credentials: (image: string) => RegistryAuth | undefined;
  /** The Services as they are now, for the Service environment variables of new containers (none when absent). */
  services?: () => ServicesView;
}

/** What the sync steps share (`PodSyncer`'s deps). */
export interface SyncContext {
  runtime: ContainerRuntime;
  events: EventRecorder;
  log: Logger;
  /** Crash-loop, image-pull and sandbox-creation back-off; advanced when a retry goes ahead. */
  backOff: BackOffStore;
  node: NodeSettings;
  /** Pod cgroup, volumes, DNS and the host-side container checks. */
  host: PodHostSetup;
}
