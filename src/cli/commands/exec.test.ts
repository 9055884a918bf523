import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureIo } from '../../../test/helpers/capture-io.js';
import { startCliHarness, type CliHarness } from '../../../test/helpers/cli-harness.js';
import { makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';

let h: CliHarness;
beforeEach(async () => {
  h = await startCliHarness();
  h.api.pods = [makeApiPod('web'), makeApiPod('duo', { containers: ['app', 'sidecar'] })];
});
afterEach(() => h.close());

/** A stdin that looks like a terminal. */
function terminalStdin() {
  return Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn<(raw: boolean) => void>() });
}

describe('exec', () => {
  it("prints the command's output and exits 0", async () => {
    await h.runningContainer('web');
    const io = await h.cli(['exec', 'web', '--', 'echo', 'hello', 'world']);
    expect(io.out()).toBe('hello world\n');
    expect(io.err()).toBe('');
    expect(io.exitCode).toBeUndefined();
    expect(h.runtime.callsOf('exec')[0]?.[1]).toEqual({ cmd: ['echo', 'hello', 'world'], stdin: false, tty: false });
  });

  it("exits with the command's exit code, saying so as kubectl", async () => {
    await h.runningContainer('web');
    h.runtime.execHandler = ({ stderr }) => {
      stderr('boom\n');
      return 42;
    };
    const io = await h.cli(['exec', 'web', '--', 'sh', '-c', 'exit 42']);
    expect(io.err()).toBe('boom\ncommand terminated with exit code 42\n');
    expect(io.exitCode).toBe(42);
  });

  it('forwards stdin with -i until it ends', async () => {
    await h.runningContainer('web');
    const stdin = new PassThrough();
    stdin.end('piped input');
    const io = await h.cli(['exec', '-i', 'web', '--', 'cat'], captureIo({ stdin }));
    expect(io.out()).toBe('piped input');
    expect(io.exitCode).toBeUndefined();
  });

  it('runs in the named container, after defaulting otherwise', async () => {
    await h.runningContainer('duo', 'app');
    await h.runningContainer('duo', 'sidecar');
    const io = await h.cli(['exec', 'duo', '--', 'true']);
    expect(io.err()).toBe('Defaulted container "app" out of: app, sidecar\n');
    const named = await h.cli(['exec', 'duo', '-c', 'sidecar', '--', 'true']);
    expect(named.err()).toBe('');
    expect(h.api.resolveCalls.at(-1)?.container).toBe('sidecar');
  });

  it('puts a terminal in raw mode with -it, sends its size and its resizes, then restores it', async () => {
    await h.runningContainer('web');
    const stdin = terminalStdin();
    const io = captureIo({ stdin, columns: 100, rows: 30 });
    let release = (): void => undefined;
    h.runtime.execHandler = async ({ options, stdout }) => {
      await new Promise<void>((resolve) => (release = resolve));
      stdout(`tty=${options.tty}\r\n`);
      return 0;
    };
    const done = h.cli(['exec', '-it', 'web', '--', 'sh'], io);
    await expect.poll(() => h.runtime.callsOf('resize').length).toBe(1);
    io.resizeTerminal(120, 40);
    await expect.poll(() => h.runtime.callsOf('resize').length).toBe(2);
    release();
    await done;
    expect(h.runtime.callsOf('resize').map(([, cols, rows]) => [cols, rows])).toEqual([
      [100, 30],
      [120, 40],
    ]);
    expect(stdin.setRawMode.mock.calls).toEqual([[true], [false]]);
    expect(io.out()).toBe('tty=true\r\n');
  });

  it('drops the TTY when stdin is not a terminal, as kubectl', async () => {
    await h.runningContainer('web');
    const io = await h.cli(['exec', '-i', '-t', 'web', '--', 'true']);
    expect(io.err()).toBe('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    expect(h.runtime.callsOf('exec')[0]?.[1]).toMatchObject({ tty: false, stdin: true });
  });

  it('fails for a container that is not running and for a missing command', async () => {
    const id = await h.runningContainer('web');
    h.api.targets.set('default/web/main', { containerId: id, containerName: 'main', running: false });
    const io = await h.cli(['exec', 'web', '--', 'ls']);
    expect(io.err()).toBe('error: container main is not running in pod default/web\n');
    expect(io.exitCode).toBe(1);
    expect((await h.cli(['exec', 'web'])).err()).toBe('error: you must specify at least one command for the container\n');
  });
});
