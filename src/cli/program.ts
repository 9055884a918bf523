/** The `minikubelet` command line (DESIGN.md §2): `run` (the agent), `play` (a foreground sandbox) and the kubectl-style client commands. */
import type { Command } from 'commander';
import type { RunOptions } from '../config/agent-options.js';
import { processIo, type CliIo } from './cli-io.js';
import { registerCleanupServicesCommand } from './commands/cleanup-services.js';
import { registerDescribeCommand } from './commands/describe.js';
import { registerExecCommand } from './commands/exec.js';
import { registerGetCommand } from './commands/get.js';
import { registerKubeconfigCommand } from './commands/kubeconfig.js';
import { registerLogsCommand } from './commands/logs.js';
import { type PlayRunner, registerPlayCommand } from './commands/play.js';
import { registerRunCommand } from './commands/run.js';
import { registerValidateCommand } from './commands/validate.js';
import { rootCommand } from './root-command.js';

/**
 * Every command (`root-command.ts`: errors thrown as CommanderError). `play` is there when its
 * runner is given (the executable's entry gives it; it lives above this layer, in `src/play/`).
 * The agent's own process builds `run-program.ts` instead.
 */
export function buildProgram(runAgent: (options: RunOptions) => Promise<void>, io: CliIo = processIo(), runPlay?: PlayRunner): Command {
  const program = rootCommand(io);
  registerRunCommand(program, runAgent);
  registerGetCommand(program, io);
  registerDescribeCommand(program, io);
  registerLogsCommand(program, io);
  registerKubeconfigCommand(program, io);
  registerExecCommand(program, io);
  registerValidateCommand(program, io);
  registerCleanupServicesCommand(program, io);
  if (runPlay) registerPlayCommand(program, io, runPlay);
  return program;
}
