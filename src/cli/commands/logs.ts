/** `logs POD [-c C] [-f] [--previous] [--tail N] [-n NS]`: a container's logs. */
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { pickDefaultContainer } from '../default-container.js';
import { addConnectionOptions, clientFor, runClientAction, type ConnectionOptions } from './client-command.js';

interface LogsOptions extends ConnectionOptions {
  namespace: string;
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tail: number;
  timestamps?: boolean;
}

export function registerLogsCommand(program: Command, io: CliIo): void {
  const command = program
    .command('logs')
    .description("print a container's logs (kubectl logs)")
    .argument('<pod>', 'the pod')
    .option('-n, --namespace <namespace>', 'the namespace', 'default')
    .option('-c, --container <name>', 'the container (default: the first app container)')
    .option('-f, --follow', 'stream the logs until the container stops')
    .option('-p, --previous', 'the logs of the previous, terminated instance of the container')
    .option('--tail <lines>', 'only the last lines (-1: all)', parseTail, -1)
    .option('--timestamps', 'prefix each line with its RFC 3339 timestamp');
  addConnectionOptions(command).action((pod: string, options: LogsOptions) =>
    runClientAction(io, async () => {
      const client = clientFor(options);
      const container = options.container ?? pickDefaultContainer(await client.getPod(options.namespace, pod), io.stderr);
      const stream = await client.streamLogs(options.namespace, pod, {
        container,
        follow: options.follow === true,
        previous: options.previous === true,
        ...(options.tail >= 0 ? { tailLines: options.tail } : {}),
        timestamps: options.timestamps === true,
      });
      for await (const chunk of stream) io.stdout.write(chunk as Buffer);
    }),
  );
}

function parseTail(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < -1) throw new InvalidArgumentError('must be an integer >= -1');
  return value;
}
