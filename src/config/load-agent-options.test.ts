import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/helpers/capture-io.js';
import { buildProgram } from '../cli/program.js';
import type { RunOptions } from './agent-options.js';
import { CONFIG_FILE_KEYS, ConfigError, loadAgentOptions } from './load-agent-options.js';

const EXAMPLE = resolve('deploy/config.yaml');

/** The RunOptions `minikubelet run <args>` hands over, as the CLI parses them. */
async function runOptions(args: string[]): Promise<RunOptions> {
  let options: RunOptions | undefined;
  await buildProgram(async (o) => void (options = o), captureIo()).parseAsync(['node', 'minikubelet', 'run', ...args]);
  return options!;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minikubelet-config-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function configFile(text: string): Promise<string> {
  const file = join(dir, 'config.yaml');
  await writeFile(file, text);
  return file;
}

describe('the --config file', () => {
  it('has a key for every run flag but --config', async () => {
    const run = buildProgram(async () => undefined, captureIo()).commands.find((c) => c.name() === 'run')!;
    const flags = run.options.map((o) => o.attributeName()).filter((name) => name !== 'config');
    expect([...CONFIG_FILE_KEYS].sort()).toEqual(flags.sort());
  });

  it('parses the documented example deploy/config.yaml, which names every key', async () => {
    const options = await loadAgentOptions(await runOptions(['--config', EXAMPLE]));
    expect(options).toMatchObject({
      manifestDir: '/etc/minikubelet/manifests',
      rootDir: '/var/lib/minikubelet',
      pauseImage: 'minikubelet/pause:3.10',
      logLevel: 'info',
      resyncSeconds: 20,
      relistSeconds: 10,
      backOffInitialSeconds: 10,
      backOffMaxSeconds: 300,
      maxConcurrentDockerCalls: 16,
      readOnlyPort: 0,
      readOnlyAddress: '127.0.0.1',
      containerLogMaxSize: 10 * 2 ** 20,
      containerLogMaxFiles: 5,
    });
    const text = await readFile(EXAMPLE, 'utf8');
    for (const key of CONFIG_FILE_KEYS) expect(text, `deploy/config.yaml documents ${key}`).toMatch(new RegExp(`^(# )?${key}:`, 'm'));
  });

  it('sets what the command line leaves to the defaults; flags given win', async () => {
    const file = await configFile('manifestDir: pods\nrelistSeconds: 3\nmaxDockerCalls: 4\nreadOnlyPort: 10255\ncontainerLogMaxSize: 1Gi\n');
    const options = await loadAgentOptions(await runOptions(['--config', file, '--relist-seconds', '7']));
    expect(options).toMatchObject({
      manifestDir: join(dir, 'pods'),
      relistSeconds: 7,
      maxConcurrentDockerCalls: 4,
      readOnlyPort: 10255,
      containerLogMaxSize: 2 ** 30,
      resyncSeconds: 20,
    });
  });

  it('refuses unknown keys by name, with a hint, and bad values by path', async () => {
    const file = await configFile('manifestDir: /m\nmaxConcurrentDockerCalls: 4\nreadonlyport: 1\nreadOnlyAddress: localhost\ncontainerLogMaxFiles: 1\ncontainerLogMaxSize: lots\nextra: {a: 1}\n');
    const error = await loadAgentOptions(await runOptions(['--config', file])).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`${file} is not a valid minikubelet config:`);
    expect(message).toContain('maxConcurrentDockerCalls: unknown key (did you mean maxDockerCalls?)');
    expect(message).toContain('readonlyport: unknown key (did you mean readOnlyPort?)');
    expect(message).toContain('extra: unknown key');
    expect(message).toContain('readOnlyAddress: must be an IP address');
    expect(message).toContain('containerLogMaxFiles: must be an integer of at least 2');
    expect(message).toContain('containerLogMaxSize: quantities must match');
  });

  it('needs a manifest directory from the flag or the file', async () => {
    await expect(loadAgentOptions(await runOptions([]))).rejects.toThrow(/no manifest directory: pass --manifest-dir DIR, or set manifestDir/);
    const file = await configFile('logLevel: debug\n');
    await expect(loadAgentOptions(await runOptions(['--config', file]))).rejects.toThrow(ConfigError);
    expect((await loadAgentOptions(await runOptions(['--manifest-dir', '/m', '--config', file]))).logLevel).toBe('debug');
  });

  it('refuses an image GC low threshold above the high one, naming both', async () => {
    await expect(loadAgentOptions(await runOptions(['--manifest-dir', '/m', '--image-gc-low-threshold', '90']))).rejects.toThrow(
      '--image-gc-low-threshold (90) must not be above --image-gc-high-threshold (85)',
    );
    const file = await configFile('imageGcHighThreshold: 100\nimageGcLowThreshold: 90\n');
    expect((await loadAgentOptions(await runOptions(['--manifest-dir', '/m', '--config', file]))).imageGcHighThreshold).toBe(100);
  });

  it('names the file when it cannot be read or parsed', async () => {
    await expect(loadAgentOptions(await runOptions(['--config', join(dir, 'missing.yaml')]))).rejects.toThrow(/missing\.yaml: ENOENT/);
    const file = await configFile('manifestDir: [unclosed\n');
    await expect(loadAgentOptions(await runOptions(['--config', file]))).rejects.toThrow(new RegExp(`${file}: `));
  });
});
