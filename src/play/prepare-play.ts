import path from 'node:path';
import { text } from 'node:stream/consumers';
import type { CliIo } from '../cli/cli-io.js';
import type { PlayRequest } from '../cli/commands/play.js';
import { formatProblemLines } from '../cli/printers/manifest-problems.js';
import type { Pod } from '../api/pod-types.js';
import type { ExitRules } from './exit-rules.js';
import { type PlayIdentity, playIdentity, playStateDir } from './play-identity.js';
import { type PlayInput, identityPaths, resolveInputs } from './play-inputs.js';
import { type PlaySnapshot, PlaySource } from './play-source.js';
import { type PortForward, parsePortForward, resolvePortForward } from './port-forward-spec.js';

/** A play checked and read, before anything touches the engine. */
export interface PreparedPlay {
  inputs: PlayInput[];
  identity: PlayIdentity;
  stateDir: string;
  /** Undefined for `--down`, which reads no manifest. */
  source?: PlaySource;
  snapshot: PlaySnapshot;
  forwards: PortForward[];
  rules: ExitRules;
}

/** Thrown for what the user must fix; the message says what and where. Nothing has started. */
export class PlayUsageError extends Error {
  override name = 'PlayUsageError';
}

export interface HostInfo {
  cwd: string;
  uid: number;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
}

/**
 * Everything checked before anything starts: the inputs exist, the manifests pass the checks of
 * `validate` (its very lines are printed), `-p` and `--exit-code-from` name pods and containers
 * of these files. `--down` needs only the inputs' paths (its files may be gone or broken by now).
 */
export async function preparePlay(request: PlayRequest, io: CliIo, host: HostInfo): Promise<PreparedPlay> {
  const inputs = request.down ? downInputs(request.inputs, host.cwd) : await checkedInputs(request.inputs, host.cwd);
  const identity = playIdentity(identityPaths(inputs, host.cwd), host.uid);
  const stateDir = playStateDir(identity.nodeName, host);
  const rules: ExitRules = { abortOnContainerExit: request.abortOnContainerExit };
  if (request.down) return { inputs, identity, stateDir, snapshot: { pods: [], problems: [] }, forwards: [], rules };
  const stdin = inputs.some((i) => i.kind === 'stdin') ? await text(io.stdin) : undefined;
  const source = new PlaySource({ inputs, stdin, nodeName: identity.nodeName, now: Date.now });
  const snapshot = await source.scan();
  for (const line of formatProblemLines(snapshot.problems)) io.stderr.write(`${line}\n`);
  const invalid = [...new Set(snapshot.problems.filter((p) => p.severity === 'error').map((p) => p.file))];
  if (invalid.length > 0) throw new PlayUsageError(`${invalid.map((f) => path.basename(f)).join(', ')}: invalid; nothing was started`);
  const pods = snapshot.pods.map((d) => d.pod);
  const forwards = request.publish.map((p) => {
    const parsed = parsePortForward(p);
    const resolved = parsed.ok ? resolvePortForward(parsed.value, pods) : parsed;
    if (!resolved.ok) throw new PlayUsageError(resolved.error);
    return resolved.value;
  });
  if (request.exitCodeFrom !== undefined) rules.exitCodeFrom = exitCodeTarget(request.exitCodeFrom, pods);
  return { inputs, identity, stateDir, source, snapshot, forwards, rules };
}

async function checkedInputs(args: readonly string[], cwd: string): Promise<PlayInput[]> {
  const resolved = await resolveInputs(args, cwd);
  if ('error' in resolved) throw new PlayUsageError(resolved.error);
  return resolved.inputs;
}

/** `--down`'s inputs: paths only, whether or not they still exist. */
function downInputs(args: readonly string[], cwd: string): PlayInput[] {
  return args.map((a) => (a === '-' ? { kind: 'stdin', path: '<stdin>' } : { kind: 'file', path: path.resolve(cwd, a) }));
}

/** `--exit-code-from POD[/CONTAINER]`: a container of these pods; a pod alone means its first app container (as kubectl's `-c` default). */
export function exitCodeTarget(value: string, pods: readonly Pod[]): NonNullable<ExitRules['exitCodeFrom']> {
  const [name = '', container, extra] = value.split('/');
  const where = `--exit-code-from ${JSON.stringify(value)}`;
  if (extra !== undefined || name === '') throw new PlayUsageError(`${where}: expected POD or POD/CONTAINER`);
  const matches = pods.filter((p) => p.metadata.name === name);
  if (matches.length !== 1) {
    const why = matches.length === 0 ? `no pod named "${name}" in the files played (pods: ${pods.map((p) => p.metadata.name).join(', ')})` : `pod name "${name}" is in several namespaces`;
    throw new PlayUsageError(`${where}: ${why}`);
  }
  const pod = matches[0]!;
  const all = [...pod.spec.initContainers, ...pod.spec.containers].map((c) => c.name);
  const target = container ?? pod.spec.containers[0]!.name;
  if (!all.includes(target)) throw new PlayUsageError(`${where}: pod "${name}" has no container "${target}" (containers: ${all.join(', ')})`);
  return { namespace: pod.metadata.namespace, pod: name, container: target };
}
