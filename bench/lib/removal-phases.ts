/**
 * Where a removal's time goes, from the engine's own events: for each phase (the apps sent SIGTERM,
 * the apps dead, the sandboxes dead, the sandboxes' network and mounts released, every container
 * removed), when its median and its last pod reached it, in seconds after `fromMs`. The agent's and
 * the floor's removals side by side show whether the agent is late to ask or the engine is slow to do.
 */
import type { EngineEvent } from './engine-events.js';
import { median } from './stats.js';

const SANDBOX = 'POD';

const PHASES: Record<string, (e: EngineEvent) => boolean> = {
  'apps sent SIGTERM': (e) => e.action === 'kill' && e.signal === '15' && e.container !== SANDBOX,
  'apps died': (e) => e.action === 'die' && e.container !== SANDBOX,
  'sandboxes died': (e) => e.action === 'die' && e.container === SANDBOX,
  // The engine's `stop` event comes after it released the container's network and mounts.
  'sandboxes released': (e) => e.action === 'stop' && e.container === SANDBOX,
  'containers removed': (e) => e.action === 'destroy',
};

/** `{ phase: 'median 5.1 s, last 7.2 s (n=100)' }` for the events at or after `fromMs`. */
export function removalPhases(events: readonly EngineEvent[], fromMs: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [phase, matches] of Object.entries(PHASES)) {
    const at = events.filter((e) => e.atMs >= fromMs && matches(e)).map((e) => e.atMs - fromMs).sort((a, b) => a - b);
    if (at.length === 0) continue;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    out[phase] = `median ${seconds(median(at))}, last ${seconds(at.at(-1)!)} (n=${at.length})`;
  }
  return out;
}
