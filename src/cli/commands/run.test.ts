import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from '../../../test/helpers/cli-harness.js';

let h: CliHarness;
beforeEach(async () => {
  h = await startCliHarness();
});
afterEach(() => h.close());

describe('run', () => {
  it('hands the parsed flags, with defaults, to the agent', async () => {
    await h.cliRaw(['run', '--manifest-dir', 'deploy/pods', '--node-name', 'node-a', '--relist-seconds', '5']);
    expect(h.runAgentCalls).toHaveLength(1);
    const options = h.runAgentCalls[0]!;
    expect(options).toMatchObject({
      manifestDir: resolve('deploy/pods'),
      rootDir: '/var/lib/minikubelet',
      nodeName: 'node-a',
      pauseImage: 'minikubelet/pause:3.10',
      logLevel: 'info',
      resyncSeconds: 20,
      relistSeconds: 5,
    });
    expect(options.configFile).toBeUndefined();
    expect([...options.explicit].sort()).toEqual(['manifestDir', 'nodeName', 'relistSeconds']);
  });

  it('passes --config through and refuses bad values', async () => {
    await h.cliRaw(['run', '--manifest-dir', '/m', '--config', '/etc/minikubelet.yaml', '--log-level', 'debug']);
    expect(h.runAgentCalls[0]).toMatchObject({ configFile: '/etc/minikubelet.yaml', logLevel: 'debug' });
    expect(h.runAgentCalls[0]?.explicit.has('configFile')).toBe(true);
    const zero = await h.cliRaw(['run', '--manifest-dir', '/m', '--resync-seconds', '0']);
    expect(zero.commanderError?.exitCode).toBe(1);
    expect(zero.err()).toMatch(/--resync-seconds <n>.*must be a positive integer/);
    const level = await h.cliRaw(['run', '--manifest-dir', '/m', '--log-level', 'loud']);
    expect(level.err()).toMatch(/Allowed choices are trace, debug, info/);
  });

  it('leaves --manifest-dir to the config file when not given (loadAgentOptions insists on one)', async () => {
    await h.cliRaw(['run', '--config', '/etc/minikubelet/config.yaml']);
    expect(h.runAgentCalls[0]?.manifestDir).toBeUndefined();
  });

  it('takes the read-only port and log rotation flags, refusing bad values', async () => {
    await h.cliRaw(['run', '--manifest-dir', '/m', '--read-only-port', '10255', '--container-log-max-size', '50Mi', '--container-log-max-files', '3']);
    expect(h.runAgentCalls[0]).toMatchObject({ readOnlyPort: 10255, readOnlyAddress: '127.0.0.1', containerLogMaxSize: 50 * 2 ** 20, containerLogMaxFiles: 3 });
    await h.cliRaw(['run', '--manifest-dir', '/m']);
    expect(h.runAgentCalls[1]).toMatchObject({ readOnlyPort: 0, containerLogMaxSize: 10 * 2 ** 20, containerLogMaxFiles: 5 });
    expect((await h.cliRaw(['run', '--manifest-dir', '/m', '--read-only-port', '70000'])).err()).toMatch(/port number from 0 to 65535/);
    expect((await h.cliRaw(['run', '--manifest-dir', '/m', '--read-only-address', 'localhost'])).err()).toMatch(/must be an IP address/);
    expect((await h.cliRaw(['run', '--manifest-dir', '/m', '--container-log-max-size', '10 MB'])).err()).toMatch(/quantities must match/);
    expect((await h.cliRaw(['run', '--manifest-dir', '/m', '--container-log-max-files', '1'])).err()).toMatch(/at least 2/);
    expect(h.runAgentCalls).toHaveLength(2);
  });

  it('shows every default in --help', async () => {
    const io = await h.cliRaw(['run', '--help']);
    const help = io.out().replace(/\s+/g, ' ');
    for (const shown of ['(default: "/var/lib/minikubelet")', '(default: 20)', '(default: 0)', '(default: "127.0.0.1")', '(default: 10Mi)', '(default: 5)']) {
      expect(help).toContain(shown);
    }
  });
});
