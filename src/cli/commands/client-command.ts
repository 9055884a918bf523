/** What every client command shares: how it finds the agent, and how it reports a failure. */
import type { Command } from 'commander';
import { DEFAULT_ROOT_DIR } from '../../config/agent-options.js';
import { ApiClient, socketPathFor } from '../api-client.js';
import type { CliIo } from '../cli-io.js';

export interface ConnectionOptions {
  rootDir: string;
  socket?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--root-dir <dir>', "the agent's root directory, holding its socket", DEFAULT_ROOT_DIR)
    .option('--socket <path>', "the agent's API socket (default <root-dir>/minikubelet.sock)");
}

export function clientFor(options: ConnectionOptions): ApiClient {
  return new ApiClient(socketPathFor(options));
}

/** Runs a command's body; a failure prints `error: <message>` (kubectl style) and exits 1. */
export async function runClientAction(io: CliIo, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    io.setExitCode(1);
  }
}

/** `pods`, `pod` and `po` name the one resource type we serve, as kubectl accepts them. */
/** The resource a `get`/`describe` names: pods (pod, po) or nodes (node, no). */
export function resourceKind(resource: string): 'pods' | 'nodes' | 'configmaps' | 'secrets' | 'services' | 'endpoints' {
  const r = resource.toLowerCase();
  if (['services', 'service', 'svc'].includes(r)) return 'services';
  if (['endpoints', 'ep'].includes(r)) return 'endpoints';
  if (['nodes', 'node', 'no'].includes(r)) return 'nodes';
  if (['configmaps', 'configmap', 'cm'].includes(r)) return 'configmaps';
  if (['secrets', 'secret'].includes(r)) return 'secrets';
  checkPodResource(r);
  return 'pods';
}

export function checkPodResource(resource: string): void {
  if (!['pods', 'pod', 'po'].includes(resource.toLowerCase())) {
    throw new Error(`the server doesn't have a resource type "${resource}"`);
  }
}

export function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
