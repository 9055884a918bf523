import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from '../../../test/helpers/cli-harness.js';
import { makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';

let h: CliHarness;
beforeEach(async () => {
  h = await startCliHarness();
  h.api.pods = [makeApiPod('web'), makeApiPod('duo', { containers: ['app', 'sidecar'], initContainers: ['setup'] })];
});
afterEach(() => h.close());

describe('logs', () => {
  it("prints the container's log", async () => {
    h.runtime.writeLog(await h.runningContainer('web'), 'one\ntwo\n');
    const io = await h.cli(['logs', 'web']);
    expect(io.out()).toBe('one\ntwo\n');
    expect(io.err()).toBe('');
    expect(io.exitCode).toBeUndefined();
  });

  it('says which container it defaulted to when the pod has several, as kubectl', async () => {
    h.runtime.writeLog(await h.runningContainer('duo', 'app'), 'from app\n');
    const io = await h.cli(['logs', 'duo']);
    expect(io.err()).toBe('Defaulted container "app" out of: app, sidecar, setup (init)\n');
    expect(io.out()).toBe('from app\n');
  });

  it('asks for the named container, the previous instance and the tail', async () => {
    const id = await h.runningContainer('duo', 'sidecar');
    h.runtime.writeLog(id, 'a\nb\nc\n');
    const io = await h.cli(['logs', 'duo', '-c', 'sidecar', '--tail', '2', '-p']);
    expect(io.err()).toBe('');
    expect(io.out()).toBe('b\nc\n');
    expect(h.api.resolveCalls.at(-1)).toEqual({ namespace: 'default', podName: 'duo', container: 'sidecar', previous: true });
  });

  it('follows until the container stops', async () => {
    const id = await h.runningContainer('web');
    h.runtime.writeLog(id, 'started\n');
    const done = h.cli(['logs', 'web', '-f']);
    await expect.poll(() => h.runtime.callsOf('logs').length).toBe(1);
    h.runtime.writeLog(id, 'working\n');
    await h.runtime.stopContainer(id, 30);
    const io = await done;
    expect(io.out()).toBe('started\nworking\n');
    expect(io.exitCode).toBeUndefined();
  });

  it('fails with the server message', async () => {
    const io = await h.cli(['logs', 'nope']);
    expect(io.err()).toBe('error: pods "nope" not found\n');
    expect(io.exitCode).toBe(1);
    const bad = await h.cli(['logs', 'web', '-c', 'ghost']);
    expect(bad.err()).toBe('error: container ghost is not valid for pod web\n');
  });

  it('refuses a tail that is not a line count', async () => {
    const io = await h.cli(['logs', 'web', '--tail', 'x']);
    expect(io.err()).toMatch(/^error: option '--tail <lines>' argument 'x' is invalid/);
  });
});
