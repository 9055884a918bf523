import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from '../../../test/helpers/cli-harness.js';
import type { ApiPod } from '../../api/api-pod.js';
import { makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';

let h: CliHarness;
beforeEach(async () => {
  h = await startCliHarness();
  h.api.pods = [makeApiPod('web'), makeApiPod('db', { namespace: 'data' })];
});
afterEach(() => h.close());

describe('get pods', () => {
  it("prints the namespace's pods as kubectl's table", async () => {
    const io = await h.cli(['get', 'pods']);
    expect(io.exitCode).toBeUndefined();
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['web']);
    expect(io.err()).toBe('');
  });

  it('accepts pod and po, and shows every namespace with -A', async () => {
    expect((await h.cli(['get', 'po'])).out()).toContain('web');
    const io = await h.cli(['get', 'pod', '-A']);
    expect(io.out().split('\n')[0]).toMatch(/^NAMESPACE\s+NAME/);
    expect(io.out()).toMatch(/data\s+db/);
  });

  it('adds IP and NODE with -o wide', async () => {
    expect((await h.cli(['get', 'pods', '-o', 'wide'])).out().split('\n')[0]).toMatch(/IP\s+NODE/);
  });

  it('says so on stderr when the namespace has no pods', async () => {
    const io = await h.cli(['get', 'pods', '-n', 'empty']);
    expect(io.out()).toBe('');
    expect(io.err()).toBe('No resources found in empty namespace.\n');
    expect(io.exitCode).toBeUndefined();
  });

  it('prints the manifest problems below the table, errors first', async () => {
    h.api.problems = [
      { severity: 'warning', file: '/etc/m/web.yaml', document: 1, path: 'spec.containers[0].image', message: 'no tag: "latest" is pulled' },
      { severity: 'error', file: '/etc/m/bad.yaml', document: 0, path: 'spec.containers[1].name', message: 'duplicate name "a"' },
      { severity: 'error', file: '/etc/m/broken.yaml', message: 'not YAML' },
    ];
    const io = await h.cli(['get', 'pods']);
    expect(io.err()).toBe(
      [
        'error: bad.yaml[0] spec.containers[1].name: duplicate name "a"',
        'error: broken.yaml: not YAML',
        'warning: web.yaml[1] spec.containers[0].image: no tag: "latest" is pulled',
        '',
      ].join('\n'),
    );
  });

  it('prints a PodList or one Pod with -o json and -o yaml', async () => {
    const json = await h.cli(['get', 'pods', '-o', 'json']);
    expect(json.err()).toBe('');
    expect(JSON.parse(json.out()).items.map((p: ApiPod) => p.metadata.name)).toEqual(['web']);
    const yaml = await h.cli(['get', 'pods', 'db', '-n', 'data', '-o', 'yaml']);
    expect(parse(yaml.out())).toMatchObject({ kind: 'Pod', metadata: { name: 'db', namespace: 'data' } });
  });

  it('fails with the server message for a missing pod', async () => {
    const io = await h.cli(['get', 'pods', 'nope']);
    expect(io.err()).toBe('error: pods "nope" not found\n');
    expect(io.exitCode).toBe(1);
  });

  it('refuses other resources, unknown formats and a name with -A', async () => {
    expect((await h.cli(['get', 'deployments'])).err()).toBe('error: the server doesn\'t have a resource type "deployments"\n');
    expect((await h.cli(['get', 'pods', '-o', 'xml'])).err()).toMatch(/^error: unable to match a printer .* json,wide,yaml\n$/);
    expect((await h.cli(['get', 'pods', 'web', '-A'])).exitCode).toBe(1);
  });
});

describe('describe pod', () => {
  it('describes the pod with its events', async () => {
    h.api.events.set('default/web', [
      { type: 'Normal', reason: 'Started', message: 'Started container main', firstTimestamp: '2024-05-01T10:00:01Z', lastTimestamp: '2024-05-01T10:00:01Z', count: 1 },
    ]);
    const io = await h.cli(['describe', 'pod', 'web']);
    expect(io.exitCode).toBeUndefined();
    expect(io.out()).toMatch(/^Name:\s+web$/m);
    expect(io.out()).toContain('Started container main');
  });

  it('fails for a pod of another namespace', async () => {
    const io = await h.cli(['describe', 'pod', 'web', '-n', 'data']);
    expect(io.err()).toBe('error: pods "web" not found\n');
    expect(io.exitCode).toBe(1);
  });
});
