/** `describe pod NAME [-n NS]` and `describe node NAME`: kubectl's descriptions. */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { describeNode } from '../printers/describe-node.js';
import { describePod } from '../printers/describe-pod.js';
import { describeConfigObject } from '../printers/config-objects.js';
import { describeService } from '../printers/service-objects.js';
import {
  addConnectionOptions,
  resourceKind,
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
    .argument('<resource>', 'pod (also pods, po), node (nodes, no), configmap (cm), secret or service (svc)')
    .argument('<name>', 'the pod, node, ConfigMap or Secret')
    .option('-n, --namespace <namespace>', 'the namespace', 'default');
  addConnectionOptions(command).action((resource: string, name: string, options: DescribeOptions) =>
    runClientAction(io, async () => {
      const client = clientFor(options);
      const kind = resourceKind(resource);
      if (kind === 'configmaps' || kind === 'secrets') {
        return void io.stdout.write(withNewline(describeConfigObject(await client.getConfigObject(kind, options.namespace, name))));
      }
      if (kind === 'services') {
        const [service, endpoints] = await Promise.all([client.getService(options.namespace, name), client.getEndpoints(options.namespace, name).catch(() => undefined)]);
        return void io.stdout.write(withNewline(describeService(service, endpoints)));
      }
      if (kind === 'endpoints') throw new Error('describe endpoints is not supported: use get endpoints NAME -o yaml');
      if (kind === 'nodes') {
        // Usage is extra: an agent that cannot read it (or predates it) still describes its node.
        const [node, pods, usage] = await Promise.all([client.getNode(name), client.listPods({ all: true }), client.nodeUsage().catch((err: Error) => err)]);
        return void io.stdout.write(withNewline(describeNode(node, pods.items, io.nowMs(), usage)));
      }
      const [pod, events] = await Promise.all([
        client.getPod(options.namespace, name),
        client.podEvents(options.namespace, name),
      ]);
      io.stdout.write(withNewline(describePod(pod, events, io.nowMs())));
    }),
  );
}
