/** The `minikubelet` command line (DESIGN.md §2): `run` (the agent), `play` (a foreground sandbox) and the kubectl-style client commands. */
import { Command } from 'commander';
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

/**
 * Commander errors (unknown option, missing argument, `--help`) are thrown as CommanderError
 * with their exit code instead of exiting, after printing through `io`. `play` is there when its
 * runner is given (the executable's entry gives it; it lives above this layer, in `src/play/`).
 */
export function buildProgram(runAgent: (options: RunOptions) => Promise<void>, io: CliIo = processIo(), runPlay?: PlayRunner): Command {
  const program = new Command('minikubelet')
    .description('a single-node kubelet: runs a directory of Kubernetes Pod manifests on Docker')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
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
