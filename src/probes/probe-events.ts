import type { EventInput } from '../status/event-recorder.js';
import { containerFieldPath } from '../status/event-recorder.js';
import { type ProbeKind, type ProbeOutcome, probeKindTitle } from './probe-result.js';

/**
 * Probe output kept in an event message. The kubelet reads up to 10 KiB; a `describe` reader
 * needs the first lines, and identical messages fold into one event with a count.
 */
export const MAX_EVENT_OUTPUT_CHARS = 1024;

/**
 * The event for one attempt, worded as the kubelet's prober (pkg/kubelet/prober/prober.go):
 * Warning `Unhealthy` "<Kind> probe failed: <output>" on every failed attempt, Warning
 * `ProbeWarning` for a redirect not followed, Warning `Unhealthy` "… errored …" for a prober
 * error; nothing for a success.
 */
export function probeEvent(kind: ProbeKind, containerName: string, outcome: ProbeOutcome, sidecar = false): EventInput | undefined {
  const title = probeKindTitle(kind);
  const output = truncate(outcome.output);
  const fieldPath = containerFieldPath(sidecar ? 'init' : 'app', containerName);
  switch (outcome.result) {
    case 'failure':
      return { type: 'Warning', reason: 'Unhealthy', message: `${title} probe failed: ${output}`, fieldPath };
    case 'warning':
      return { type: 'Warning', reason: 'ProbeWarning', message: `${title} probe warning: ${output}`, fieldPath };
    case 'error':
      return { type: 'Warning', reason: 'Unhealthy', message: `${title} probe errored and resulted in unknown state: ${output}`, fieldPath };
    default:
      return undefined;
  }
}

function truncate(text: string): string {
  return text.length > MAX_EVENT_OUTPUT_CHARS ? `${text.slice(0, MAX_EVENT_OUTPUT_CHARS)}…` : text;
}
