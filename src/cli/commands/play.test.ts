import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../test/helpers/capture-io.js';
import { buildProgram } from '../program.js';
import type { PlayRequest } from './play.js';

async function parse(args: string[], code = 0): Promise<{ request: PlayRequest | undefined; exitCode: number | undefined; err: string }> {
  const io = captureIo();
  let request: PlayRequest | undefined;
  const program = buildProgram(async () => {}, io, async (r) => ((request = r), code));
  await program.parseAsync(['node', 'minikubelet', 'play', ...args]);
  return { request, exitCode: io.exitCode, err: io.err() };
}

describe('play', () => {
  it('passes the inputs and the defaults to the runner', async () => {
    expect((await parse(['web.yaml', '-'])).request).toEqual({
      inputs: ['web.yaml', '-'], down: false, watch: false, logs: true, quiet: false, abortOnContainerExit: false, publish: [],
    });
  });

  it('reads every flag, -p repeated', async () => {
    const { request } = await parse([
      'a.yaml', '--watch', '--no-logs', '-q', '--exit-code-from', 'job/main', '--abort-on-container-exit', '-p', '8080:web:80', '-p', '9090:db:5432',
    ]);
    expect(request).toEqual({
      inputs: ['a.yaml'], down: false, watch: true, logs: false, quiet: true, exitCodeFrom: 'job/main', abortOnContainerExit: true,
      publish: ['8080:web:80', '9090:db:5432'],
    });
    expect((await parse(['--down', 'a.yaml'])).request).toMatchObject({ down: true, inputs: ['a.yaml'] });
    expect((await parse(['--pod-security', 'baseline', 'a.yaml'])).request).toMatchObject({ podSecurity: 'baseline', inputs: ['a.yaml'] });
  });

  it("exits with the run's exit code", async () => {
    expect((await parse(['a.yaml'], 3)).exitCode).toBe(3);
    expect((await parse(['a.yaml'], 0)).exitCode).toBeUndefined();
  });

  it('prints a refusal as an error and exits 1', async () => {
    const io = captureIo();
    const program = buildProgram(async () => {}, io, async () => {
      throw new Error('cannot read nope.yaml: no such file or directory');
    });
    await program.parseAsync(['node', 'minikubelet', 'play', 'nope.yaml']);
    expect(io.err()).toBe('error: cannot read nope.yaml: no such file or directory\n');
    expect(io.exitCode).toBe(1);
  });
});
