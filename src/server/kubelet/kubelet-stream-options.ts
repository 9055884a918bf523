/**
 * The query of an exec or attach request on the kubelet port (pure), with the kubelet's rules
 * (k8s `pkg/kubelet/cri/streaming/remotecommand/httpstream.go` NewOptions): `input`, `output`,
 * `error` (stdin, stdout, stderr: core/v1 `ExecStdinParam`…) and `tty` are on only when `1`, as
 * the API server sends them (`pkg/registry/core/pod/strategy.go` streamParams), off when absent;
 * no stderr with a tty; `command` repeated. The container comes from the path.
 */
import type { StreamRequest } from '../routes/stream-request.js';

export function parseKubeletStreamOptions(query: URLSearchParams, kind: 'exec' | 'attach', container: string): StreamRequest | { error: string } {
  const on = (name: string): boolean => query.get(name) === '1';
  const tty = on('tty');
  const stdin = on('input');
  const stdout = on('output');
  const stderr = on('error') && !tty;
  if (!stdin && !stdout && !stderr) return { error: 'you must specify at least 1 of stdin, stdout, stderr' };
  const command = query.getAll('command');
  if (kind === 'exec' && command.length === 0) return { error: 'you must specify at least 1 command (the query parameter "command", once per argument)' };
  return { command: kind === 'exec' ? command : [], container, stdin, stdout, stderr, tty };
}
