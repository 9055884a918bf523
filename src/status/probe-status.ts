import { type Container, isSidecar } from '../api/pod-types.js';
import type { ContainerStatus } from '../api/pod-status-types.js';

export interface ProbeResults {
  /** per container name: readiness probe result */
  readiness?: ReadonlyMap<string, boolean> | undefined;
  /** per container name: startup probe passed */
  started?: ReadonlyMap<string, boolean> | undefined;
}

/**
 * kubelet prober `manager.UpdatePodStatus` (pkg/kubelet/prober/prober_manager.go): `started` is
 * true for a running container whose startup probe passed (or that has none); an app container is
 * ready when started, running and its readiness probe passed (or it has none). A container with a
 * probe but no result yet is not started / not ready, as a worker that has not run yet. A sidecar
 * is probed as an app container; a regular init container is ready once it terminated with exit code 0.
 */
export function applyProbeResults(
  statuses: ContainerStatus[],
  specs: readonly Container[],
  isInit: boolean,
  results: ProbeResults,
): ContainerStatus[] {
  const specByName = new Map(specs.map((s) => [s.name, s]));
  return statuses.map((status) => {
    const spec = specByName.get(status.name);
    const running = status.state.running !== undefined;
    const started = running && (results.started?.get(status.name) ?? !spec?.startupProbe);
    let ready: boolean;
    if (isInit && !(spec && isSidecar(spec))) ready = status.state.terminated?.exitCode === 0;
    else ready = started && (results.readiness?.get(status.name) ?? !spec?.readinessProbe);
    return { ...status, ready, started };
  });
}
