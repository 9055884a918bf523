/** `validate [--pod-security LEVEL] FILE…`: checks manifests offline, as the agent would read them; exit 1 on any error. */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { type Command, Option } from 'commander';
import { POD_SECURITY_LEVELS, type PodSecurityLevel, podSecurityViolation } from '../../admission/pod-security/evaluate.js';
import type { ManifestProblem } from '../../manifests/manifest-problem.js';
import { parseManifest } from '../../manifests/parse-manifest.js';
import type { CliIo } from '../cli-io.js';
import { formatProblemLines } from '../printers/manifest-problems.js';
import { runClientAction } from './client-command.js';

export function registerValidateCommand(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check manifests (pods, ConfigMaps, Secrets, Services, Endpoints) without an agent; exit 1 when any has an error')
    .argument('<files...>', 'manifest files')
    .addOption(new Option('--pod-security <level>', 'also refuse pods an agent run with --pod-security LEVEL would refuse').choices(POD_SECURITY_LEVELS).default('privileged'))
    .action((files: string[], opts: { podSecurity: PodSecurityLevel }) =>
      runClientAction(io, async () => {
        let invalid = 0;
        for (const file of files) if (!(await validateFile(io, file, opts.podSecurity))) invalid++;
        if (invalid > 0) io.setExitCode(1);
      }),
    );
}

/** Prints the file's problems and its verdict; true when it has no error. */
async function validateFile(io: CliIo, file: string, level: PodSecurityLevel): Promise<boolean> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    io.stderr.write(`error: cannot read ${file}: ${(err as Error).message}\n`);
    io.stdout.write(`${file}: invalid\n`);
    return false;
  }
  // The node name only seeds pod UIDs, which validation does not show.
  const result = parseManifest({ file, content, nodeName: hostname().toLowerCase() });
  // What the agent's admission would refuse (reason PodSecurity), as errors of the pod's document.
  const refused = result.pods.flatMap(({ pod, document, written }): ManifestProblem[] => {
    const message = podSecurityViolation(level, pod, written);
    return message === undefined ? [] : [{ severity: 'error', file, document, message: `pod ${JSON.stringify(pod.metadata.name)} ${message}` }];
  });
  const errors = [...result.errors, ...refused];
  for (const line of formatProblemLines([...errors, ...result.warnings])) io.stderr.write(`${line}\n`);
  if (errors.length > 0) {
    io.stdout.write(`${file}: invalid\n`);
    return false;
  }
  const count = result.pods.length;
  const kinds = [...result.objects, ...result.services].map((o) => o.object.kind);
  const objects = (['ConfigMap', 'Secret', 'Service', 'Endpoints', 'EndpointSlice'] as const).flatMap((kind) => {
    const n = kinds.filter((k) => k === kind).length;
    return n > 0 ? [`${n} ${kind}${n === 1 || kind === 'Endpoints' ? '' : 's'}`] : [];
  });
  io.stdout.write(`${file}: ok (${[`${count} ${count === 1 ? 'pod' : 'pods'}`, ...objects].join(', ')})\n`);
  return true;
}
