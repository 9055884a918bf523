/** `get pods|nodes|configmaps|secrets|services|endpoints [-n NS | -A] [-o wide|json|yaml] [NAME]`: kubectl's tables or the v1 objects. */
import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import type { CliIo } from '../cli-io.js';
import { formatProblemLines } from '../printers/manifest-problems.js';
import { formatObject, formatPods } from '../printers/output-format.js';
import { printNodeTable } from '../printers/node-table.js';
import { printPodTable } from '../printers/pod-table.js';
import { printConfigObjectTable } from '../printers/config-objects.js';
import { printEndpointsTable, printServiceTable } from '../printers/service-objects.js';
import type { ApiEndpoints, ApiService, ServiceResource } from '../../services/api-service.js';
import type { ConfigResource } from '../../api/api-config-object.js';
import {
  addConnectionOptions,
  resourceKind,
  clientFor,
  runClientAction,
  withNewline,
  type ConnectionOptions,
} from './client-command.js';

const OUTPUT_FORMATS = ['json', 'wide', 'yaml'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

interface GetOptions extends ConnectionOptions {
  namespace: string;
  allNamespaces?: boolean;
  output?: string;
}

export function registerGetCommand(program: Command, io: CliIo): void {
  const command = program
    .command('get')
    .description('list pods, or show one (kubectl get)')
    .argument('<resource>', 'pods (also pod, po), nodes (node, no), configmaps (configmap, cm), secrets (secret), services (service, svc) or endpoints (ep)')
    .argument('[name]', 'the pod (or node) to show')
    .option('-n, --namespace <namespace>', 'the namespace', 'default')
    .option('-A, --all-namespaces', 'list the pods of every namespace')
    .option('-o, --output <format>', 'wide, json or yaml');
  addConnectionOptions(command).action((resource: string, name: string | undefined, options: GetOptions) =>
    runClientAction(io, async () => {
      const kind = resourceKind(resource);
      const output = checkOutput(options.output);
      const client = clientFor(options);
      if (kind === 'nodes') return getNodes(client, io, name, output);
      if (kind === 'configmaps' || kind === 'secrets') return getConfigObjects(client, io, kind, name, options, output);
      if (kind === 'services' || kind === 'endpoints') return getServiceObjects(client, io, kind, name, options, output);
      if (name !== undefined) await getOnePod(client, io, name, options, output);
      else await listPods(client, io, options, output);
    }),
  );
}

async function getOnePod(client: ApiClient, io: CliIo, name: string, options: GetOptions, output?: OutputFormat): Promise<void> {
  if (options.allNamespaces) throw new Error('a resource cannot be retrieved by name across all namespaces');
  const pod = await client.getPod(options.namespace, name);
  if (output === 'json' || output === 'yaml') return void io.stdout.write(withNewline(formatPods(pod, output)));
  io.stdout.write(withNewline(printPodTable([pod], { wide: output === 'wide', allNamespaces: false, nowMs: io.nowMs() })));
}

async function listPods(client: ApiClient, io: CliIo, options: GetOptions, output?: OutputFormat): Promise<void> {
  const all = options.allNamespaces === true;
  const [list, problems] = await Promise.all([
    client.listPods(all ? { all } : { namespace: options.namespace }),
    client.manifestProblems(),
  ]);
  if (output === 'json' || output === 'yaml') {
    io.stdout.write(withNewline(formatPods(list.items, output)));
  } else if (list.items.length === 0) {
    io.stderr.write(all ? 'No resources found\n' : `No resources found in ${options.namespace} namespace.\n`);
  } else {
    io.stdout.write(withNewline(printPodTable(list.items, { wide: output === 'wide', allNamespaces: all, nowMs: io.nowMs() })));
  }
  // On stderr, so `-o json` stays parseable; on a terminal they show below the table.
  for (const line of formatProblemLines(problems)) io.stderr.write(`${line}\n`);
}

async function getConfigObjects(client: ApiClient, io: CliIo, resource: ConfigResource, name: string | undefined, options: GetOptions, output?: OutputFormat): Promise<void> {
  const all = options.allNamespaces === true;
  if (name !== undefined && all) throw new Error('a resource cannot be retrieved by name across all namespaces');
  const items = name !== undefined
    ? [await client.getConfigObject(resource, options.namespace, name)]
    : await client.listConfigObjects(resource, all ? { all } : { namespace: options.namespace });
  if (output === 'json' || output === 'yaml') {
    const kind = resource === 'configmaps' ? 'ConfigMapList' : 'SecretList';
    const object = name !== undefined && items[0] ? items[0] : { apiVersion: 'v1', kind, metadata: { resourceVersion: '' }, items };
    return void io.stdout.write(withNewline(formatObject(object, output)));
  }
  if (items.length === 0) return void io.stderr.write(all ? 'No resources found\n' : `No resources found in ${options.namespace} namespace.\n`);
  io.stdout.write(withNewline(printConfigObjectTable(items, { allNamespaces: all, nowMs: io.nowMs() })));
}

async function getServiceObjects(client: ApiClient, io: CliIo, resource: ServiceResource, name: string | undefined, options: GetOptions, output?: OutputFormat): Promise<void> {
  const all = options.allNamespaces === true;
  if (name !== undefined && all) throw new Error('a resource cannot be retrieved by name across all namespaces');
  const scope = all ? { all } : { namespace: options.namespace };
  const services = resource === 'services';
  const items: Array<ApiService | ApiEndpoints> = name !== undefined
    ? [services ? await client.getService(options.namespace, name) : await client.getEndpoints(options.namespace, name)]
    : services ? await client.listServices(scope) : await client.listEndpoints(scope);
  if (output === 'json' || output === 'yaml') {
    const object = name !== undefined && items[0] ? items[0] : { apiVersion: 'v1', kind: services ? 'ServiceList' : 'EndpointsList', metadata: { resourceVersion: '' }, items };
    return void io.stdout.write(withNewline(formatObject(object, output)));
  }
  if (items.length === 0) return void io.stderr.write(all ? 'No resources found\n' : `No resources found in ${options.namespace} namespace.\n`);
  const table = services
    ? printServiceTable(items as ApiService[], { allNamespaces: all, wide: output === 'wide', nowMs: io.nowMs() })
    : printEndpointsTable(items as ApiEndpoints[], { allNamespaces: all, nowMs: io.nowMs() });
  io.stdout.write(withNewline(table));
}

function checkOutput(output: string | undefined): OutputFormat | undefined {
  if (output === undefined || (OUTPUT_FORMATS as readonly string[]).includes(output)) return output as OutputFormat | undefined;
  throw new Error(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${OUTPUT_FORMATS.join(',')}`);
}

async function getNodes(client: ApiClient, io: CliIo, name: string | undefined, output?: OutputFormat): Promise<void> {
  const node = await client.getNode(name);
  if (output === 'json' || output === 'yaml') {
    const object = name !== undefined ? node : { apiVersion: 'v1', kind: 'NodeList', metadata: { resourceVersion: '' }, items: [node] };
    return void io.stdout.write(withNewline(formatObject(object, output)));
  }
  io.stdout.write(withNewline(printNodeTable([node], { wide: output === 'wide', nowMs: io.nowMs() })));
}
