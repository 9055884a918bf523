import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { LoggingContainer, NodeLogFiles } from '../runtime/docker/container-log-files.js';
import { LogCap } from './log-cap.js';

const log = pino({ level: 'silent' });

function files(): NodeLogFiles & { asked: (readonly LoggingContainer[])[]; removed: string[] } {
  const asked: (readonly LoggingContainer[])[] = [];
  const removed: string[] = [];
  return {
    asked, removed,
    async list(containers) {
      asked.push(containers);
      return containers.map((c) => ({ containerId: c.id, running: c.running, live: { path: `${c.id}.log`, bytes: 10 }, rotated: [{ path: `${c.id}.log.1`, bytes: 10 }] }));
    },
    async remove(file) {
      removed.push(file);
    },
  };
}

describe('LogCap', () => {
  it('weighs nothing before the first relist, then the containers the last relist listed', async () => {
    const f = files();
    const relist: { containers?: LoggingContainer[] } = {};
    const cap = new LogCap({ files: f, containers: () => relist.containers, capBytes: 1000, log });
    await cap.enforce();
    expect(f.asked).toEqual([]);
    relist.containers = [{ id: 'a', running: true }, { id: 'b', running: false }];
    await cap.enforce();
    expect(f.asked).toEqual([relist.containers]);
    expect(f.removed).toEqual([]);
  });

  it('over the cap, deletes what planLogCap picks', async () => {
    const f = files();
    const cap = new LogCap({ files: f, containers: () => [{ id: 'a', running: true }, { id: 'b', running: false }], capBytes: 25, log });
    await cap.enforce();
    // 40 bytes over a cap of 25: the stopped container's rotated file first, then the running one's; never a live file while enough goes without.
    expect(f.removed).toEqual(['b.log.1', 'a.log.1']);
  });
});
