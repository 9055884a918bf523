import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from '../../../test/helpers/cli-harness.js';

let h: CliHarness;
beforeEach(async () => {
  h = await startCliHarness();
});
afterEach(() => h.close());

describe('the program', () => {
  it('prints help on stdout and exits 0', async () => {
    const io = await h.cliRaw(['--help']);
    expect(io.commanderError?.exitCode).toBe(0);
    expect(io.out()).toMatch(/Usage: minikubelet/);
    for (const command of ['run', 'get', 'describe', 'logs', 'exec', 'validate']) expect(io.out()).toContain(command);
  });

  it('refuses an unknown command', async () => {
    const io = await h.cliRaw(['frobnicate']);
    expect(io.commanderError?.exitCode).toBe(1);
    expect(io.err()).toMatch(/^error: unknown command 'frobnicate'/);
  });
});

describe('an agent that is not there', () => {
  it('says how to reach it, for --socket', async () => {
    const socket = join(h.dir, 'nobody.sock');
    const io = await h.cliRaw(['get', 'pods', '--socket', socket]);
    expect(io.err()).toBe(
      `error: cannot reach the minikubelet agent at ${socket}: is it running? (start it with 'minikubelet run', or pass --root-dir/--socket)\n`,
    );
    expect(io.exitCode).toBe(1);
  });

  it('looks in --root-dir, and in /var/lib/minikubelet by default', async () => {
    const io = await h.cliRaw(['logs', 'web', '--root-dir', join(h.dir, 'elsewhere')]);
    expect(io.err()).toContain(`cannot reach the minikubelet agent at ${join(h.dir, 'elsewhere', 'minikubelet.sock')}: is it running?`);
    const byDefault = await h.cliRaw(['describe', 'pod', 'web']);
    expect(byDefault.err()).toMatch(/^error: cannot reach the minikubelet agent at \/var\/lib\/minikubelet\/minikubelet\.sock: is it running\?/);
  });
});
