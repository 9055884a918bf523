/**
 * `play FILE|DIR|- …`: the given manifests run in the foreground with an embedded agent, every
 * container's log lines prefixed, torn down on Ctrl-C (`docker compose up` for pods). The command
 * only reads its arguments; the run itself is `src/play/` (a composition root, above this layer).
 */
import { type Command, Option } from 'commander';
import { POD_SECURITY_LEVELS, type PodSecurityLevel } from '../../admission/pod-security/evaluate.js';
import type { CliIo } from '../cli-io.js';
import { runClientAction } from './client-command.js';

/** The command line of `play`, as typed; `src/play/` checks it before anything starts. */
export interface PlayRequest {
  /** Files, directories (their manifest files) and `-` (stdin), as given. */
  inputs: string[];
  /** `--down`: remove what an earlier run of these inputs left, and start nothing. */
  down: boolean;
  watch: boolean;
  /** `--no-logs`: status lines only. */
  logs: boolean;
  /** `-q`: errors only. */
  quiet: boolean;
  /** `--exit-code-from POD[/CONTAINER]` */
  exitCodeFrom?: string;
  abortOnContainerExit: boolean;
  /** `-p` values, as typed. */
  publish: string[];
  /** `--pod-security LEVEL`, when given (default: the agent's, `privileged`). */
  podSecurity?: PodSecurityLevel;
}

/** Runs a play to its end; resolves with the process's exit code. */
export type PlayRunner = (request: PlayRequest, io: CliIo) => Promise<number>;

interface PlayFlags {
  down?: boolean;
  watch?: boolean;
  logs: boolean;
  quiet?: boolean;
  exitCodeFrom?: string;
  abortOnContainerExit?: boolean;
  publish: string[];
  podSecurity?: PodSecurityLevel;
}

export function registerPlayCommand(program: Command, io: CliIo, runPlay: PlayRunner): void {
  program
    .command('play')
    .description('run pod manifests in the foreground with their logs, like `docker compose up`; Ctrl-C stops and removes them')
    .argument('<inputs...>', 'manifest files, directories of manifests, or - for stdin')
    .option('--down', 'remove what an earlier play of these files left behind (after a kill -9), and exit')
    .option('-w, --watch', 'apply edits to the files while playing, as the agent does for its directory')
    .option('--no-logs', "show status changes only, not the containers' output")
    .option('-q, --quiet', 'show errors only')
    .option('--exit-code-from <pod[/container]>', 'stop when this container exits (a pod: its first container) and exit with its code')
    .option('--abort-on-container-exit', 'stop everything when any container exits')
    .option('-p, --publish <[addr:]local:pod[/container]:port>', 'forward a local TCP port to a pod port while playing (repeatable)', collect, [])
    .addOption(new Option('--pod-security <level>', 'refuse pods that do not meet this Pod Security Standard, as `run --pod-security` does').choices(POD_SECURITY_LEVELS))
    .action((inputs: string[], flags: PlayFlags) =>
      runClientAction(io, async () => {
        const code = await runPlay(toRequest(inputs, flags), io);
        if (code !== 0) io.setExitCode(code);
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function toRequest(inputs: string[], flags: PlayFlags): PlayRequest {
  return {
    inputs,
    down: flags.down ?? false,
    watch: flags.watch ?? false,
    logs: flags.logs,
    quiet: flags.quiet ?? false,
    ...(flags.exitCodeFrom !== undefined ? { exitCodeFrom: flags.exitCodeFrom } : {}),
    abortOnContainerExit: flags.abortOnContainerExit ?? false,
    publish: flags.publish,
    ...(flags.podSecurity !== undefined ? { podSecurity: flags.podSecurity } : {}),
  };
}
