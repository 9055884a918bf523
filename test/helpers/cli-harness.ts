/**
 * The CLI against a real API server (see `api-server-harness.ts`): `cli(['get', 'pods'])` runs the
 * commander program in memory, with the real printers and manifest parser, and returns what it printed.
 */
import { CommanderError } from 'commander';
import type { RunOptions } from '../../src/config/agent-options.js';
import { buildProgram } from '../../src/cli/program.js';
import { startApiServerHarness, type ApiServerHarness } from './api-server-harness.js';
import { captureIo, type CapturedIo } from './capture-io.js';

export interface CliHarness extends ApiServerHarness {
  runAgentCalls: RunOptions[];
  /** Runs `minikubelet <args…>` with `--socket` pointing at the test server (after the command name). */
  cli(args: string[], io?: CapturedIo): Promise<CapturedIo>;
  /** Runs `minikubelet <args…>` exactly as given; a commander exit comes back as `commanderError`. */
  cliRaw(args: string[], io?: CapturedIo): Promise<CapturedIo & { commanderError?: CommanderError }>;
}

export async function startCliHarness(): Promise<CliHarness> {
  const server = await startApiServerHarness();
  const runAgentCalls: RunOptions[] = [];
  const cliRaw: CliHarness['cliRaw'] = async (args, io = captureIo()) => {
    const program = buildProgram(async (options) => void runAgentCalls.push(options), io);
    try {
      await program.parseAsync(['node', 'minikubelet', ...args]);
      return io;
    } catch (err) {
      if (err instanceof CommanderError) return Object.assign(io, { commanderError: err });
      throw err;
    }
  };
  return Object.assign(server, {
    runAgentCalls,
    cliRaw,
    cli: ([command, ...rest]: string[], io?: CapturedIo) => cliRaw([command ?? '', '--socket', server.socketPath, ...rest], io),
  });
}
