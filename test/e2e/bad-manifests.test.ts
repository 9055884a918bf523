import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, getPod, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

const pod = runForeverPod;

const DUPLICATE_CONTAINERS = `
apiVersion: v1
kind: Pod
metadata:
  name: dup
spec:
  containers:
  - name: a
    image: ${BUSYBOX}
  - name: a
    image: ${BUSYBOX}
`;

describe('bad manifests next to good ones', () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent();
    await agent.writeManifest('good.yaml', pod('good'));
    await agent.writeManifest('bad.yaml', DUPLICATE_CONTAINERS);
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('runs the good pod and reports the bad file by file, document and field path', async () => {
    await waitForRunning(agent, 'good');
    expect(await getPod(agent, 'dup')).toBeUndefined();
    const table = await agent.cli(['get', 'pods']);
    expect(table.code).toBe(0);
    expect(table.stdout + table.stderr).toMatch(/bad\.yaml\[0\] spec\.containers\[1\]\.name: .*duplicate.*"a"/i);
    expect(agent.logs()).toMatch(/bad\.yaml\[0\] spec\.containers\[1\]\.name/);
  });

  it('validate exits 1 naming every problem, and 0 for a good file', async () => {
    const bad = await agent.cli(['validate', `${agent.manifestDir}/bad.yaml`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/bad\.yaml\[0\] spec\.containers\[1\]\.name/);
    const good = await agent.cli(['validate', `${agent.manifestDir}/good.yaml`]);
    expect(good.code).toBe(0);
  });

  it('keeps a running pod on its last good spec when its file stops parsing', async () => {
    const before = (await podContainers(agent.nodeName, 'good')).map((c) => c.Id).sort();
    await agent.writeManifest('good.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: good\nspec: [');
    await agent.waitFor(async () => (await agent.cli(['get', 'pods'])).stdout + (await agent.cli(['get', 'pods'])).stderr, {
      until: (out) => /good\.yaml/.test(out),
      what: 'the parse error of good.yaml in get pods',
    });
    const after = (await podContainers(agent.nodeName, 'good')).map((c) => c.Id).sort();
    expect(after).toEqual(before);
    expect((await getPod(agent, 'good'))?.status.phase).toBe('Running');
    // Fixing the file with the same content as before changes nothing either.
    await agent.writeManifest('good.yaml', pod('good'));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await podContainers(agent.nodeName, 'good')).map((c) => c.Id).sort()).toEqual(before);
  });

  it('rejects a second file that defines the same pod name, leaving the first untouched', async () => {
    const before = (await podContainers(agent.nodeName, 'good')).map((c) => c.Id).sort();
    await agent.writeManifest('zz-copy.yaml', pod('good').replace('sleep 1', 'sleep 2'));
    await agent.waitFor(async () => {
      const r = await agent.cli(['get', 'pods']);
      return r.stdout + r.stderr;
    }, { until: (out) => /zz-copy\.yaml.*good/.test(out), what: 'the duplicate-name error for zz-copy.yaml' });
    expect((await podContainers(agent.nodeName, 'good')).map((c) => c.Id).sort()).toEqual(before);
  });

  it('ignores editor backup and swap files', async () => {
    await agent.writeManifest('other.yaml.bak', pod('from-backup'));
    await agent.writeManifest('other.yaml~', pod('from-tilde'));
    await agent.writeManifest('.other.yaml.swp', pod('from-swap'));
    await agent.writeManifest('real.yml', pod('real'));
    await waitForRunning(agent, 'real');
    for (const name of ['from-backup', 'from-tilde', 'from-swap']) expect(await getPod(agent, name)).toBeUndefined();
  });

  it('warns about an unknown field by its path and still runs the pod', async () => {
    await agent.writeManifest('typo.json', JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'typo' },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'main', image: BUSYBOX, workdir: '/tmp', command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] }],
      },
    }));
    await waitForRunning(agent, 'typo');
    const r = await agent.cli(['get', 'pods']);
    expect(r.stdout + r.stderr).toMatch(/typo\.json\[0\] spec\.containers\[0\]\.workdir: unknown field/);
  });
});
