import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { RuntimeEvent } from '../runtime/types.js';
import { BackOffStore } from '../shared/backoff-store.js';
import { ENGINE_RECONNECT_BACKOFF } from '../runtime/wait-for-engine.js';
import { followRuntimeEvents } from './follow-runtime-events.js';

const EVENT = { containerId: 'c1', action: 'die' } as unknown as RuntimeEvent;

/** A runtime whose event streams play the given scripts, one per connection, then abort. */
function scriptedRuntime(scripts: Array<'ends' | 'fails'>, controller: AbortController) {
  let connections = 0;
  const runtime = {
    async *events(): AsyncIterable<RuntimeEvent> {
      const script = scripts[connections++];
      if (script === undefined) {
        controller.abort();
        return;
      }
      yield EVENT;
      if (script === 'fails') throw new Error('socket hang up');
    },
  } as unknown as ContainerRuntime;
  return { runtime, connections: () => connections };
}

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

describe('followRuntimeEvents', () => {
  it('treats a stream the engine closed cleanly as lost: logs it, waits, relists and reconnects', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const { runtime, connections } = scriptedRuntime(['ends', 'fails'], controller);
      const loop = { onRuntimeEvent: vi.fn(), relist: vi.fn(async () => {}) } as unknown as { onRuntimeEvent(e: RuntimeEvent): void; relist(): Promise<void> };
      const { log, lines } = capturingLogger();
      const health: string[] = [];
      const done = followRuntimeEvents({
        runtime, loop, log, signal: controller.signal, backOff: new BackOffStore(ENGINE_RECONNECT_BACKOFF),
        health: { answered: () => health.push('answered'), failed: (reason) => health.push(`failed: ${reason}`) },
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect(loop.relist).toHaveBeenCalledTimes(1);
      // The first stream delivered an event, so the delay started over at 1 s after the second loss too.
      await vi.advanceTimersByTimeAsync(1000);
      await done;
      expect(connections()).toBe(3);
      expect(loop.onRuntimeEvent).toHaveBeenCalledTimes(2);
      expect(loop.relist).toHaveBeenCalledTimes(2);
      const lost = lines.filter((l) => l.msg === 'Lost the Docker events stream; reconnecting');
      expect(lost.map((l) => l.reason)).toEqual(['the engine closed it', 'socket hang up']);
      expect(lines.filter((l) => l.msg === 'Relisted containers after reconnecting to the Docker engine')).toHaveLength(2);
      expect(health).toEqual([
        'failed: lost the Docker events stream: the engine closed it',
        'answered',
        'failed: lost the Docker events stream: socket hang up',
        'answered',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
