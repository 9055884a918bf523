/** `describe pod NAME [-n NS]`: kubectl's description, with the pod's events. */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { describePod } from '../printers/describe-pod.js';
import {
  addConnectionOptions,
  checkPodResource,
  clientFor,
  runClientAction,
  withNewline,
  type ConnectionOptions,
} from './client-command.js';

interface DescribeOptions extends ConnectionOptions {
  namespace: string;
}

export function registerDescribeCommand(program: Command, io: CliIo): void {
  const command = program
    .command('describe')
    .description('show a pod in detail, with its events (kubectl describe)')
    .argument('<resource>', 'pod (also pods, po)')
    .argument('<name>', 'the pod')
    .option('-n, --namespace <namespace>', 'the namespace', 'default');
  addConnectionOptions(command).action((resource: string, name: string, options: DescribeOptions) =>
    runClientAction(io, async () => {
      checkPodResource(resource);
      const client = clientFor(options);
      const [pod, events] = await Promise.all([
        client.getPod(options.namespace, name),
        client.podEvents(options.namespace, name),
      ]);
      io.stdout.write(withNewline(describePod(pod, events, io.nowMs())));
    }),
  );
}
