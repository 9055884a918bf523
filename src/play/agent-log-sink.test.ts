import { describe, expect, it } from 'vitest';
import { createAgentLogger, formatAgentLogLine } from './agent-log-sink.js';

describe('formatAgentLogLine', () => {
  it('says the message, what it is about and the error, in one line', () => {
    const line = JSON.stringify({ level: 50, msg: 'Failed to sync pod', pod: 'default/web', err: { message: 'connect ENOENT' } });
    expect(formatAgentLogLine(line)).toEqual({ level: 'error', text: 'Failed to sync pod (default/web): connect ENOENT' });
  });

  it('keeps warnings as warnings and drops info', () => {
    expect(formatAgentLogLine(JSON.stringify({ level: 40, msg: 'Refused pod at admission', reason: 'NodeAffinity' }))).toEqual({
      level: 'warn', text: 'Refused pod at admission: NodeAffinity',
    });
    expect(formatAgentLogLine(JSON.stringify({ level: 30, msg: 'Started' }))).toBeUndefined();
  });

  it('ignores what is not a pino line', () => {
    expect(formatAgentLogLine('not json')).toBeUndefined();
    expect(formatAgentLogLine('{"level":50}')).toBeUndefined();
  });
});

describe('createAgentLogger', () => {
  it('passes warnings and errors to the sink, errors only when quiet', () => {
    const seen: string[] = [];
    const sink = { warn: (l: string) => seen.push(`w ${l}`), error: (l: string) => seen.push(`e ${l}`) };
    const log = createAgentLogger(false, sink);
    log.info('quiet');
    log.warn({ pod: 'default/web' }, 'Careful');
    log.error('Broken');
    createAgentLogger(true, sink).warn('Hidden');
    expect(seen).toEqual(['w Careful (default/web)', 'e Broken']);
  });
});
