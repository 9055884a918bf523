/**
 * The command line of `minikubelet run` alone: the agent's process never loads the client
 * commands, their printers and their API client (issue 18 §4, the agent's footprint). The
 * executable's entry picks it when the first argument is `run`; `run --help` reads the same.
 */
import type { Command } from 'commander';
import type { RunOptions } from '../config/agent-options.js';
import { processIo, type CliIo } from './cli-io.js';
import { registerRunCommand } from './commands/run.js';
import { rootCommand } from './root-command.js';

export function buildRunProgram(runAgent: (options: RunOptions) => Promise<void>, io: CliIo = processIo()): Command {
  const program = rootCommand(io);
  registerRunCommand(program, runAgent);
  return program;
}
