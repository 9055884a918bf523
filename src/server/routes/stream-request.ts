/**
 * The query of an `exec` or `attach` request (pure): `command` (repeated, exec only), `container`,
 * `stdin`, `stdout`, `stderr`, `tty`. `stdout` and `stderr` default to true as the API server
 * defaults `PodExecOptions`/`PodAttachOptions` (k8s `pkg/apis/core/v1/defaults.go`); the rules are
 * the kubelet's (`pkg/kubelet/cri/streaming/remotecommand/httpstream.go` `NewOptions`).
 */
import { badRequest, type Failure } from '../status-object.js';
import { parseQueryBool } from './match-route.js';

export interface StreamRequest {
  /** Empty for attach. */
  command: string[];
  container: string | undefined;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export function parseStreamRequest(query: URLSearchParams, kind: 'exec' | 'attach'): StreamRequest | Failure {
  const command = query.getAll('command');
  if (kind === 'exec' && command.length === 0) return badRequest('you must specify at least 1 command');
  if (kind === 'attach' && command.length > 0) return badRequest('attach takes no command: use exec to run one');
  const flag = (name: string, absent: boolean): boolean => (query.has(name) ? parseQueryBool(query.get(name)) : absent);
  const stdin = flag('stdin', false);
  const stdout = flag('stdout', true);
  const tty = flag('tty', false);
  // A terminal has one output stream: the kubelet drops stderr when tty is set.
  const stderr = flag('stderr', true) && !tty;
  if (!stdin && !stdout && !stderr) return badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return { command, container: query.get('container') || undefined, stdin, stdout, stderr, tty };
}
