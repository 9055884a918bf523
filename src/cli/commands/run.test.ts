import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCliHarness, type CliHarness } from '../../../test/helpers/cli-harness.js';

vi.mock('../printers/output-format.js', async (importOriginal) => {
  const { realOr, outputFormatStub } = await import('../../../test/helpers/pending-module-stubs.js');
  return realOr(importOriginal, outputFormatStub);
});
vi.mock('../../manifests/parse-manifest.js', async (importOriginal) => {
  const { realOr, parseManifestStub } = await import('../../../test/helpers/pending-module-stubs.js');
  return realOr(importOriginal, parseManifestStub);
});

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

  it('requires --manifest-dir', async () => {
    const io = await h.cliRaw(['run']);
    expect(io.commanderError?.exitCode).toBe(1);
    expect(io.err()).toMatch(/required option '--manifest-dir <dir>' not specified/);
    expect(h.runAgentCalls).toHaveLength(0);
  });
});
