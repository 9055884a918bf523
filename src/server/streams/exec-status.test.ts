import { describe, expect, it } from 'vitest';
import { makeExecStatus, parseExecStatus } from './exec-status.js';

describe('the exec Status on channel 3', () => {
  it('is Success for exit code 0', () => {
    expect(makeExecStatus({ exitCode: 0, command: ['true'] })).toEqual({ metadata: {}, status: 'Success' });
  });

  it('is NonZeroExitCode with the code as an ExitCode cause, spelled as meta/v1 StatusCause marshals it', () => {
    // JSON as the kubelet writes it: a cause's type is the "reason" field.
    expect(JSON.parse(JSON.stringify(makeExecStatus({ exitCode: 3, command: ['sh', '-c', 'exit 3'] })))).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('is an InternalError when the session failed', () => {
    expect(makeExecStatus({ failure: 'engine went away' })).toMatchObject({
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
      message: 'Internal error occurred: error executing command in container: engine went away',
    });
  });

  it.each([
    ['Success', '{"metadata":{},"status":"Success"}', { exitCode: 0 }],
    [
      'a kubelet NonZeroExitCode',
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: exit status 42","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"42"}]}}',
      { exitCode: 42 },
    ],
    ['a failure with its message', '{"metadata":{},"status":"Failure","message":"container not found","reason":"InternalError"}', { error: 'container not found' }],
    ['NonZeroExitCode without a cause', '{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[]}}', { error: 'error stream protocol error: no valid ExitCode cause given' }],
    ['an exit code out of range', '{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"300"}]}}', { error: 'error stream protocol error: no valid ExitCode cause given' }],
    ['an unknown status', '{"status":"Pending"}', { error: 'error stream protocol error: unknown error' }],
    ['not JSON (a v1-v3 plain-text error)', 'boom', { error: 'error stream protocol error: boom' }],
  ])('a client reads %s', (_name, json, expected) => {
    expect(parseExecStatus(Buffer.from(json))).toEqual(expected);
  });

  it('round-trips every exit code a process can have', () => {
    for (const exitCode of [0, 1, 2, 126, 127, 128, 137, 255]) {
      expect(parseExecStatus(JSON.stringify(makeExecStatus({ exitCode, command: ['x'] })))).toEqual({ exitCode });
    }
  });
});
