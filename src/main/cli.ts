/**
 * The executable's entry (`bin/minikubelet`). `run` builds a command line of `run` alone
 * (`run-program.ts`): the agent never loads the client commands. The daemon is loaded only for
 * `run`, the sandbox only for `play`.
 */
import { CommanderError } from 'commander';
import type { RunOptions } from '../config/agent-options.js';

const runAgent = async (options: RunOptions): Promise<void> => {
  const [{ runAgent: run }, { loadAgentOptions }] = await Promise.all([import('./daemon.js'), import('../config/load-agent-options.js')]);
  const agentOptions = await loadAgentOptions(options);
  await run(agentOptions).catch((err: unknown) => {
    // A start that fails half-way (a port taken, a certificate unusable) leaves servers and timers
    // behind that would keep the process alive: say why and end it. Pods keep running, as on a stop.
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
};

const program =
  process.argv[2] === 'run'
    ? (await import('../cli/run-program.js')).buildRunProgram(runAgent)
    : (await import('../cli/program.js')).buildProgram(runAgent, undefined, async (request, io) => (await import('../play/run-play.js')).runPlay(request, io));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
