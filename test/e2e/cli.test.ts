import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, waitForRunning } from './pod-helpers.js';

const CHATTY = `
apiVersion: v1
kind: Pod
metadata:
  name: chatty
  namespace: tools
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: talker
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo line-1; echo line-2; echo oops >&2; trap 'exit 0' TERM; while true; do sleep 1; done"]
  - name: quiet
    image: ${BUSYBOX}
    workingDir: /tmp
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`;

describe('the CLI against a running agent', () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent();
    await agent.writeManifest('chatty.yaml', CHATTY);
    await waitForRunning(agent, 'chatty');
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  it('get pods looks in the default namespace unless told otherwise', async () => {
    const inDefault = await agent.cli(['get', 'pods']);
    expect(inDefault.code).toBe(0);
    expect(inDefault.stderr).toMatch(/No resources found in default namespace/);
    const inTools = await agent.cli(['get', 'pods', '-n', 'tools']);
    expect(inTools.stdout).toMatch(/chatty\s+2\/2\s+Running/);
    const all = await agent.cli(['get', 'pods', '-A', '-o', 'wide']);
    expect(all.stdout).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(all.stdout).toContain(agent.nodeName);
  });

  it('logs prints a container log, by default the first container', async () => {
    const logs = await agent.waitFor(async () => (await agent.cli(['logs', 'chatty', '-n', 'tools'])).stdout, {
      until: (out) => out.includes('oops'),
      what: 'the talker log',
    });
    // stdout in order; the engine copies stderr on its own pipe, so `oops` may land anywhere among them.
    expect(logs.split('\n').filter((l) => l.startsWith('line-'))).toEqual(['line-1', 'line-2']);
    const tail = await agent.cli(['logs', 'chatty', '-n', 'tools', '-c', 'talker', '--tail', '1']);
    expect(tail.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exec runs a command in the named container and returns its exit code', async () => {
    const pwd = await agent.cli(['exec', 'chatty', '-n', 'tools', '-c', 'quiet', '--', 'pwd']);
    expect(pwd.code).toBe(0);
    expect(pwd.stdout.trim()).toBe('/tmp');
    const failing = await agent.cli(['exec', 'chatty', '-n', 'tools', '--', 'sh', '-c', 'exit 3']);
    expect(failing.code).toBe(3);
    const stdin = await agent.cli(['exec', '-i', 'chatty', '-n', 'tools', '--', 'cat'], { input: 'piped-in\n' });
    expect(stdin.stdout).toBe('piped-in\n');
  });

  it('describe shows the containers, conditions and events', async () => {
    const out = (await agent.cli(['describe', 'pod', 'chatty', '-n', 'tools'])).stdout;
    expect(out).toMatch(/^Name:\s+chatty$/m);
    expect(out).toMatch(/^Namespace:\s+tools$/m);
    expect(out).toMatch(/talker:/);
    expect(out).toMatch(/Started container talker/);
    expect(out).toMatch(/Scheduled/);
  });

  it('says clearly when a pod does not exist', async () => {
    const r = await agent.cli(['logs', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pods "nope" not found/);
  });
});
