import type Docker from 'dockerode';
import * as L from '../labels.js';
import type { RuntimeEvent } from '../types.js';

interface DockerEventMessage {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * The Docker events stream reduced to our containers' events. Ends (throws) when the stream ends
 * or errors, so the caller can reconnect and relist; returns quietly when `signal` aborts.
 */
export async function* dockerEvents(
  docker: Docker,
  nodeName: string,
  signal: AbortSignal,
  onEvent: (containerId: string) => void,
): AsyncGenerator<RuntimeEvent> {
  const stream = (await docker.getEvents({
    filters: { type: ['container'], label: [`${L.LABEL_NODE_NAME}=${nodeName}`] },
  })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  const abort = () => stream.destroy();
  signal.addEventListener('abort', abort, { once: true });
  let pending = '';
  try {
    for await (const chunk of stream) {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (!line) continue;
        const event = parseEvent(line);
        if (!event) continue;
        onEvent(event.containerId);
        yield event;
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  } finally {
    signal.removeEventListener('abort', abort);
  }
  if (!signal.aborted) throw new Error('Docker events stream ended');
}

const UNCHANGING_ACTIONS = new Set(['kill', 'attach', 'detach', 'resize', 'top', 'commit', 'copy', 'archive-path', 'extract-to-dir', 'export']);

/** One line of the engine's event stream as a runtime event; undefined for what changes no container state. */
export function parseEvent(line: string): RuntimeEvent | undefined {
  let message: DockerEventMessage;
  try {
    message = JSON.parse(line) as DockerEventMessage;
  } catch {
    return undefined;
  }
  const containerId = message.Actor?.ID ?? message.id;
  const action = (message.Action ?? message.status ?? '').split(':')[0] ?? '';
  if (!containerId || !action) return undefined;
  // exec_create/exec_start events (from probes and `exec`) change nothing about the container, nor
  // do a signal sent (`kill`: a stop sends two, and a `die` follows if it ends it) or a client's
  // attach, copy or export: no inspect is redone and no pod woken for them (kubelet PLEG: only
  // state changes are events).
  if (action.startsWith('exec_') || UNCHANGING_ACTIONS.has(action)) return undefined;
  return {
    containerId,
    podUid: message.Actor?.Attributes?.[L.LABEL_POD_UID] ?? '',
    action,
    timeMs: message.timeNano ? Math.floor(message.timeNano / 1e6) : Date.now(),
  };
}
