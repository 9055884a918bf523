import { describe, expect, it } from 'vitest';
import { parseStreamRequest } from './stream-request.js';

const parse = (query: string, kind: 'exec' | 'attach' = 'exec') => parseStreamRequest(new URLSearchParams(query), kind);

describe('exec and attach queries', () => {
  it.each([
    ['kubectl exec', 'command=ls&command=-l&container=main&stderr=true&stdout=true', { command: ['ls', '-l'], container: 'main', stdin: false, stdout: true, stderr: true, tty: false }],
    ['kubectl exec -it (no stderr with a tty)', 'command=sh&stdin=true&stdout=true&tty=true', { command: ['sh'], container: undefined, stdin: true, stdout: true, stderr: false, tty: true }],
    ['stdout and stderr default to true', 'command=ls', { command: ['ls'], container: undefined, stdin: false, stdout: true, stderr: true, tty: false }],
    ['the kubelet\'s "1"', 'command=ls&stdin=1&stdout=0', { command: ['ls'], container: undefined, stdin: true, stdout: false, stderr: true, tty: false }],
    ['tty drops a requested stderr', 'command=sh&tty=true&stderr=true', { command: ['sh'], container: undefined, stdin: false, stdout: true, stderr: false, tty: true }],
  ])('reads %s', (_name, query, expected) => {
    expect(parse(query)).toEqual(expected);
  });

  it('reads kubectl attach (no command)', () => {
    expect(parse('container=main&stdin=true&stdout=true&stderr=true', 'attach')).toMatchObject({ command: [], stdin: true });
  });

  it.each([
    ['exec without a command', 'stdin=true', 'exec', 'you must specify at least 1 command'],
    ['attach with a command', 'command=ls', 'attach', 'attach takes no command: use exec to run one'],
    ['no stream at all', 'command=ls&stdout=false&stderr=false', 'exec', 'you must specify at least 1 of stdin, stdout, stderr'],
  ] as const)('refuses %s', (_name, query, kind, message) => {
    expect(parse(query, kind)).toEqual({ code: 400, reason: 'BadRequest', message });
  });
});
