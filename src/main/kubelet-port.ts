/**
 * The kubelet port as `run` serves it: only with --client-ca-file (an unauthenticated kubelet
 * port would be an open exec endpoint), and said at start either way.
 */
import type { Logger } from 'pino';
import type { AgentOptions } from '../config/agent-options.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { AgentApi } from '../server/agent-api.js';
import { readProcessUsage } from '../cgroups/read-process-usage.js';
import { readDiskStats } from '../node/filesystem-stats.js';
import { readHostUsage } from '../node/host-usage.js';
import type { ContainerUsageReader } from '../runtime/container-usage.js';
import { computeHealth } from '../server/compute-health.js';
import type { KubeletAuthWebhooks } from '../server/kubelet/kubelet-auth.js';
import { createContainerUsageSource } from '../server/kubelet/container-usage-source.js';
import { startKubeletServer, type KubeletServer } from '../server/kubelet/kubelet-server.js';
import { pingError, type SourceListing } from '../server/read-only-server.js';
import { UsageSampler } from '../server/kubelet/usage-sampler.js';

export interface KubeletPortDeps {
  api: AgentApi;
  runtime: ContainerRuntime;
  log: Logger;
  hostIP: string;
  rootDir: string;
  source: { listing(): SourceListing };
  metrics: { exposition(): Promise<{ contentType: string; text: string }> };
  now: () => number;
  /** The containers' CPU and memory from the engine's stats, where their cgroups cannot be read (/stats/summary, /metrics/resource). */
  containerUsage: ContainerUsageReader;
  /** The engine's data root (imagefs), when known. */
  imageRoot: string | undefined;
  /** The API server's TokenReview and SubjectAccessReview, when node mode has an API client. */
  auth?: KubeletAuthWebhooks;
}

export async function startKubeletPort(options: AgentOptions, deps: KubeletPortDeps): Promise<KubeletServer | undefined> {
  if (options.kubeletPort === 0) return undefined;
  if (options.clientCaFile === undefined) {
    deps.log.info({ port: options.kubeletPort }, 'Not serving the kubelet port: it needs --client-ca-file to authenticate the API server (without it, it would be an open exec endpoint)');
    return undefined;
  }
  const rescanMs = options.resyncSeconds * 1000;
  const usage = new UsageSampler({
    nodeName: options.nodeName, pods: () => deps.api.listPods(), hostUsage: readHostUsage,
    containerUsage: createContainerUsageSource({ listContainers: () => deps.runtime.listContainers(), fromCgroup: readProcessUsage, fromEngine: deps.containerUsage, now: deps.now }),
    filesystems: () => readDiskStats(deps.rootDir, deps.imageRoot), now: deps.now,
  });
  return startKubeletServer({
    options: {
      port: options.kubeletPort, address: options.kubeletAddress, nodeName: options.nodeName, rootDir: deps.rootDir, hostIP: deps.hostIP,
      clientCaFile: options.clientCaFile, authenticationTokenWebhook: options.authenticationTokenWebhook, authorizationMode: options.authorizationMode,
      ...(options.tlsCertFile !== undefined ? { tlsCertFile: options.tlsCertFile } : {}),
      ...(options.tlsPrivateKeyFile !== undefined ? { tlsPrivateKeyFile: options.tlsPrivateKeyFile } : {}),
    },
    api: deps.api,
    runtime: deps.runtime,
    log: deps.log,
    ...(deps.auth ? { auth: deps.auth } : {}),
    readers: {
      metrics: () => deps.metrics.exposition(),
      summary: () => usage.summary(),
      syncLoopProblem: async () => {
        const listing = deps.source.listing();
        const checks = computeHealth({ engineError: await pingError(deps.runtime), lastScanMs: listing.lastListedMs, sourceProblem: listing.problem, rescanMs, nowMs: deps.now() });
        const failures = checks.flatMap((c) => (c.failure === undefined ? [] : [c.failure]));
        return failures.length > 0 ? failures.join('; ') : undefined;
      },
    },
  });
}
