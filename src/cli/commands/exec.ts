/** `exec POD [-c C] [-i] [-t] [-n NS] -- CMD ARG…`: run a command in a running container. */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { pickDefaultContainer } from '../default-container.js';
import type { ExecConnection } from '../exec-connection.js';
import { addConnectionOptions, clientFor, runClientAction, type ConnectionOptions } from './client-command.js';

interface ExecOptions extends ConnectionOptions {
  namespace: string;
  container?: string;
  stdin?: boolean;
  tty?: boolean;
}

export function registerExecCommand(program: Command, io: CliIo): void {
  const command = program
    .command('exec')
    .description('run a command in a container (kubectl exec)')
    .usage('[options] <pod> -- <command> [args...]')
    .argument('<pod>', 'the pod')
    .argument('[command...]', 'the command and its arguments, after --')
    .option('-n, --namespace <namespace>', 'the namespace', 'default')
    .option('-c, --container <name>', 'the container (default: the first app container)')
    .option('-i, --stdin', "pass stdin to the command")
    .option('-t, --tty', 'stdin is a TTY (with -i)');
  addConnectionOptions(command).action((pod: string, args: string[], options: ExecOptions) =>
    runClientAction(io, () => execInPod(io, pod, args, options)),
  );
}

async function execInPod(io: CliIo, pod: string, args: string[], options: ExecOptions): Promise<void> {
  if (args.length === 0) throw new Error('you must specify at least one command for the container');
  const client = clientFor(options);
  const container = options.container ?? pickDefaultContainer(await client.getPod(options.namespace, pod), io.stderr);
  const stdin = options.stdin === true;
  const tty = useTty(io, stdin, options.tty === true);
  const connection = await client.exec(
    options.namespace,
    pod,
    { container, command: args, stdin, tty },
    { stdout: io.stdout, stderr: io.stderr },
  );
  const detach = attachTerminal(io, connection, { stdin, tty });
  const status = await connection.exited.finally(detach);
  if (status.exitCode === null) throw new Error(status.message ?? 'the agent did not report the exit code of the command');
  if (status.exitCode !== 0) {
    // kubectl's words (`CodeExitError`), and its exit code.
    io.stderr.write(`command terminated with exit code ${status.exitCode}\n`);
    io.setExitCode(status.exitCode);
  }
}

/** kubectl's `SetupTTY`: a TTY needs -i and a terminal on stdin. */
function useTty(io: CliIo, stdin: boolean, tty: boolean): boolean {
  if (!tty || !stdin) return false;
  if (io.stdin.isTTY && typeof io.stdin.setRawMode === 'function') return true;
  io.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  return false;
}

/** Raw mode, resizes and stdin forwarding for the session; returns what undoes them. */
function attachTerminal(io: CliIo, connection: ExecConnection, mode: { stdin: boolean; tty: boolean }): () => void {
  const undo: (() => void)[] = [];
  if (mode.tty) {
    io.stdin.setRawMode?.(true);
    undo.push(() => io.stdin.setRawMode?.(false));
    const sendSize = (): void => {
      const { columns, rows } = io.stdout;
      if (columns && rows) connection.resize({ cols: columns, rows });
    };
    sendSize();
    undo.push(io.onResize(sendSize));
  }
  if (mode.stdin) {
    const onData = (chunk: Buffer | string): void => connection.writeStdin(chunk);
    const onEnd = (): void => connection.endStdin();
    io.stdin.on('data', onData);
    io.stdin.once('end', onEnd);
    undo.push(() => {
      io.stdin.off('data', onData);
      io.stdin.off('end', onEnd);
      // Stop reading, so the process can exit once the command has.
      io.stdin.pause();
    });
  }
  return () => undo.reverse().forEach((step) => step());
}
