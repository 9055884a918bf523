/**
 * Container `create`, `start`, `kill`, `die`, `stop` and `destroy` events of one node's containers, as
 * the engine stamps them: the benchmarks time what happened in the engine, not when a poll noticed it.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME } from '../../src/runtime/labels.js';

const ACTIONS = ['create', 'start', 'kill', 'die', 'stop', 'destroy'] as const;

export interface EngineEvent {
  action: (typeof ACTIONS)[number];
  /** A `kill`'s signal ('15', '9'). */
  signal?: string;
  containerId: string;
  pod: string;
  container: string;
  /** Engine clock, epoch milliseconds (fractional). */
  atMs: number;
}

export class EngineEvents {
  readonly seen: EngineEvent[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly stream: Readable) {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) this.add(JSON.parse(line) as DockerEvent);
      }
    });
  }

  /** Follows the events of containers carrying `label` (e.g. `minikubelet.io/node-name=bench-…`). */
  static async follow(docker: Docker, label: string): Promise<EngineEvents> {
    const stream = (await docker.getEvents({ filters: { type: ['container'], event: [...ACTIONS], label: [label] } })) as unknown as Readable;
    return new EngineEvents(stream);
  }

  /** Resolves with the events once `done(events)` holds; rejects after `timeoutMs`. */
  async until(done: (events: EngineEvent[]) => boolean, timeoutMs: number, what: string): Promise<EngineEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.seen)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.seen;
  }

  close(): void {
    this.stream.destroy();
  }

  private add(e: DockerEvent): void {
    const attributes = e.Actor?.Attributes ?? {};
    const action = ACTIONS.find((a) => a === e.Action);
    if (action === undefined) return;
    this.seen.push({
      action,
      ...(action === 'kill' && attributes.signal !== undefined ? { signal: attributes.signal } : {}),
      containerId: e.Actor?.ID ?? e.id ?? '',
      pod: attributes[LABEL_POD_NAME] ?? '',
      container: attributes[LABEL_CONTAINER_NAME] ?? attributes.name ?? '',
      atMs: Number(BigInt(e.timeNano) / 1000n) / 1000,
    });
    for (const wake of this.waiters.splice(0)) wake();
  }
}

interface DockerEvent {
  Action: string;
  id?: string;
  timeNano: number | string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}
