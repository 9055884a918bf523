import { describe, expect, it } from 'vitest';
import { LABEL_POD_UID } from '../labels.js';
import { parseEvent } from './docker-events.js';

const line = (Action: string, uid = 'uid-1') => JSON.stringify({ Type: 'container', Action, id: 'c1', timeNano: 1_700_000_000_123_000_064, Actor: { ID: 'c1', Attributes: { [LABEL_POD_UID]: uid, signal: '15' } } });

describe('parseEvent', () => {
  it.each(['create', 'start', 'die', 'stop', 'destroy', 'oom', 'pause', 'unpause', 'update', 'rename'])('keeps %s: it changes the container', (action) => {
    expect(parseEvent(line(action))).toEqual({ containerId: 'c1', podUid: 'uid-1', action, timeMs: 1_700_000_000_123 });
  });

  it.each(['kill', 'attach', 'detach', 'resize', 'top', 'copy', 'archive-path', 'export', 'exec_create', 'exec_start: sh -c true', 'exec_die'])('drops %s: no state changes, no pod is woken', (action) => {
    expect(parseEvent(line(action))).toBeUndefined();
  });

  it('drops what is not an event of a container', () => {
    expect(parseEvent('not json')).toBeUndefined();
    expect(parseEvent(JSON.stringify({ Action: 'start' }))).toBeUndefined();
  });

  it('keeps an event without a pod (a container this node labelled but no pod owns)', () => {
    expect(parseEvent(line('die', ''))?.podUid).toBe('');
  });
});
