/** The `minikubelet` root command, without subcommands: `program.ts` adds them all, `run-program.ts` only `run`. */
import { Command } from 'commander';
import type { CliIo } from './cli-io.js';

/**
 * Commander errors (unknown option, missing argument, `--help`) are thrown as CommanderError
 * with their exit code instead of exiting, after printing through `io`.
 */
export function rootCommand(io: CliIo): Command {
  return new Command('minikubelet')
    .description('a single-node kubelet: runs a directory of Kubernetes Pod manifests on Docker')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
}
