import type { ExecOptions, ExecSession } from '../types.js';
import type { DockerApi } from './docker-calls.js';

/** Starts a command in a running container, attached (hijacked) so stdin and output flow through one stream. */
export async function execInContainer(api: DockerApi, id: string, options: ExecOptions): Promise<ExecSession> {
  const exec = await api.calls.call('create exec', () =>
    api.docker.getContainer(id).exec({
      Cmd: options.cmd,
      AttachStdin: options.stdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: options.tty,
    }),
  );
  // The engine holds a resize until the exec has started (moby `ContainerExecResize` waits on
  // `Started`), so asking now sizes the terminal as early as an engine before API 1.42 allows.
  const sized = options.tty && options.initialSize ? exec.resize({ w: options.initialSize.cols, h: options.initialSize.rows }).catch(() => undefined) : undefined;
  const stream = (await exec.start({ hijack: true, stdin: options.stdin, Tty: options.tty })) as unknown as ExecSession['stream'];
  await sized;
  return {
    stream,
    exitCode: async () => {
      for (let i = 0; i < 100; i++) {
        const info = await exec.inspect();
        if (!info.Running) return info.ExitCode ?? undefined;
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    },
    resize: async (cols, rows) => {
      await exec.resize({ w: cols, h: rows });
    },
  };
}
