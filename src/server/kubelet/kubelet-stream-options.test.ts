import { describe, expect, it } from 'vitest';
import { parseKubeletStreamOptions } from './kubelet-stream-options.js';

describe('the kubelet port exec and attach query', () => {
  it.each([
    ['command=ls&command=-l&output=1&error=1', 'exec', { command: ['ls', '-l'], container: 'app', stdin: false, stdout: true, stderr: true, tty: false }],
    ['command=sh&input=1&output=1&tty=1&error=1', 'exec', { command: ['sh'], container: 'app', stdin: true, stdout: true, stderr: false, tty: true }],
    ['output=1&error=true', 'attach', { command: [], container: 'app', stdin: false, stdout: true, stderr: false, tty: false }],
  ] as const)('reads %s for %s', (query, kind, options) => {
    expect(parseKubeletStreamOptions(new URLSearchParams(query), kind, 'app')).toEqual(options);
  });

  it.each([
    ['command=ls', 'exec', 'you must specify at least 1 of stdin, stdout, stderr'],
    ['command=ls&stdout=1&stderr=1', 'exec', 'you must specify at least 1 of stdin, stdout, stderr'],
    ['command=ls&tty=1&error=1', 'exec', 'you must specify at least 1 of stdin, stdout, stderr'],
    ['output=1', 'exec', 'you must specify at least 1 command (the query parameter "command", once per argument)'],
  ] as const)('refuses %s for %s', (query, kind, error) => {
    expect(parseKubeletStreamOptions(new URLSearchParams(query), kind, 'app')).toEqual({ error });
  });
});
