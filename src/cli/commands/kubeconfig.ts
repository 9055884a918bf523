/** `kubeconfig [--root-dir DIR]`: prints the admin kubeconfig the agent wrote, for `kubectl`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ROOT_DIR } from '../../config/agent-options.js';
import { KUBECONFIG_FILE } from '../../server/start-https-api.js';
import type { CliIo } from '../cli-io.js';
import { runClientAction } from './client-command.js';

export function registerKubeconfigCommand(program: Command, io: CliIo): void {
  program
    .command('kubeconfig')
    .description("print the agent's admin kubeconfig (for kubectl: `minikubelet kubeconfig > ~/.kube/config`, or KUBECONFIG=<root-dir>/kubeconfig)")
    .option('--root-dir <dir>', "the agent's root directory, holding the kubeconfig", DEFAULT_ROOT_DIR)
    .action((opts: { rootDir: string }) =>
      runClientAction(io, async () => {
        const file = join(opts.rootDir, KUBECONFIG_FILE);
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') throw new Error(`${file} does not exist: no agent has run with --root-dir ${opts.rootDir} yet (start \`minikubelet run --root-dir ${opts.rootDir} …\`, or pass the --root-dir it uses)`, { cause: err });
          if (code === 'EACCES') throw new Error(`cannot read ${file}: permission denied (it is mode 0600, owned by the agent's user: run as that user or with sudo)`, { cause: err });
          throw err;
        }
        io.stdout.write(text);
      }),
    );
}
