import { afterAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { getPod, podContainers, runForeverPod, waitForRunning } from './pod-helpers.js';

/**
 * `--pod-security`: the Pod Security Standards as a cluster's PodSecurity admission enforces them.
 * Each attack tries to get in, is refused with the standard's message (shown by `get pods` and
 * `describe`), and leaves nothing in Docker; a pod that meets the level runs.
 */

/** A run-forever pod with `spec` keys (indented two) and `main` container keys (indented four) added. */
function pod(name: string, spec = '', container = ''): string {
  return runForeverPod(name, container + spec);
}

const RESTRICTED_CONTAINER =
  '    securityContext:\n      runAsUser: 1000\n      runAsNonRoot: true\n      allowPrivilegeEscalation: false\n' +
  '      capabilities: { drop: [ALL] }\n      seccompProfile: { type: RuntimeDefault }\n';

async function refused(agent: AgentHarness, name: string, message: string): Promise<void> {
  const p = await agent.waitFor(() => getPod(agent, name), { until: (x) => x?.status.phase === 'Failed', what: `${name} refused` });
  expect({ reason: p!.status.reason, message: p!.status.message }).toEqual({ reason: 'PodSecurity', message });
  expect(await podContainers(agent.nodeName, name)).toEqual([]);
  expect((await agent.cli(['get', 'pods'])).stdout).toMatch(new RegExp(`^${name}\\s+0/1\\s+PodSecurity\\s+0`, 'm'));
  const described = (await agent.cli(['describe', 'pod', name])).stdout;
  expect(described).toContain(message);
}

describe('--pod-security', () => {
  const agents: AgentHarness[] = [];
  afterAll(async () => {
    for (const a of agents) await a.cleanup();
  });

  it('baseline refuses privileged, hostPath and hostNetwork pods even with --allow-privileged, and runs a plain pod', async () => {
    const agent = await startAgent({ extraArgs: ['--pod-security', 'baseline', '--allow-privileged'] });
    agents.push(agent);
    await agent.writeManifest('priv.yaml', pod('priv', '', '    securityContext: { privileged: true }\n'));
    await agent.writeManifest('data.yaml', pod('data', '  volumes:\n  - { name: data, hostPath: { path: /tmp } }\n', '    volumeMounts: [{ name: data, mountPath: /data }]\n'));
    await agent.writeManifest('hostnet.yaml', pod('hostnet', '  hostNetwork: true\n'));
    await agent.writeManifest('plain.yaml', pod('plain'));
    await waitForRunning(agent, 'plain');
    await refused(agent, 'priv', 'violates PodSecurity "baseline:latest": privileged (container "main" must not set securityContext.privileged=true)');
    await refused(agent, 'data', 'violates PodSecurity "baseline:latest": hostPath volumes (volume "data")');
    await refused(agent, 'hostnet', 'violates PodSecurity "baseline:latest": host namespaces (hostNetwork)');
  });

  it('restricted refuses a plain pod and a hostPath volume with every reason, and runs a pod that meets it', async () => {
    const agent = await startAgent({ extraArgs: ['--pod-security', 'restricted'] });
    agents.push(agent);
    await agent.writeManifest('locked.yaml', pod('locked', '', RESTRICTED_CONTAINER));
    await agent.writeManifest('plain.yaml', pod('plain'));
    await agent.writeManifest('data.yaml', pod('data', '  volumes:\n  - { name: data, hostPath: { path: /tmp } }\n', `${RESTRICTED_CONTAINER}    volumeMounts: [{ name: data, mountPath: /data }]\n`));
    await agent.writeManifest('priv.yaml', pod('priv', '', '    securityContext: { privileged: true }\n'));
    await waitForRunning(agent, 'locked');
    await refused(
      agent,
      'plain',
      'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "main" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "main" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "main" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "main" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    await refused(agent, 'data', 'violates PodSecurity "restricted:latest": restricted volume types (volume "data" uses restricted volume type "hostPath")');
    const priv = (await getPod(agent, 'priv'))?.status.message;
    expect(priv).toMatch(/^violates PodSecurity "restricted:latest": privileged \(container "main" must not set securityContext.privileged=true\), allowPrivilegeEscalation != false/);
    expect(await podContainers(agent.nodeName, 'priv')).toEqual([]);
  });
});
