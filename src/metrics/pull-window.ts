import type { PodEvent } from '../api/pod-status-types.js';

/**
 * How long a pod spent pulling images, from its events: the first `Pulling` to the last
 * successful `Pulled` (failed pulls and their back-off in between count as pulling), as the
 * kubelet's pod start SLI excludes `lastFinishedPulling − firstStartedPulling`
 * (k8s `pkg/kubelet/util/pod_startup_latency_tracker.go`). 0 when nothing was pulled.
 */
export function pullWindowMs(events: readonly PodEvent[]): number {
  let firstStarted = Infinity;
  let lastFinished = -Infinity;
  for (const e of events) {
    if (e.reason === 'Pulling') firstStarted = Math.min(firstStarted, Date.parse(e.firstTimestamp));
    // "already present on machine" is a Pulled event too, but no pull.
    if (e.reason === 'Pulled' && e.message.startsWith('Successfully pulled')) lastFinished = Math.max(lastFinished, Date.parse(e.lastTimestamp));
  }
  return Number.isFinite(firstStarted) && lastFinished > firstStarted ? lastFinished - firstStarted : 0;
}
