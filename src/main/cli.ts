/** The executable's entry (`bin/minikubelet`). The daemon is loaded only for `run`, the sandbox only for `play`. */
import { CommanderError } from 'commander';
import { buildProgram } from '../cli/program.js';

const program = buildProgram(
  async (options) => {
    const [{ runAgent }, { loadAgentOptions }] = await Promise.all([import('./daemon.js'), import('../config/load-agent-options.js')]);
    const agentOptions = await loadAgentOptions(options);
    await runAgent(agentOptions).catch((err: unknown) => {
      // A start that fails half-way (a port taken, a certificate unusable) leaves servers and timers
      // behind that would keep the process alive: say why and end it. Pods keep running, as on a stop.
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
  },
  undefined,
  async (request, io) => (await import('../play/run-play.js')).runPlay(request, io),
);

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
