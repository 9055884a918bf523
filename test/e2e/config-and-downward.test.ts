import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, startAgent } from '../helpers/agent-harness.js';
import { BUSYBOX, getPod, waitForRunning } from './pod-helpers.js';

/** The downward API, ConfigMaps and Secrets of the manifest directory, on the real engine. */
describe('downward API, ConfigMaps and Secrets', { timeout: 180_000 }, () => {
  let agent: AgentHarness;

  beforeAll(async () => {
    agent = await startAgent();
  });
  afterAll(async () => {
    await agent?.cleanup();
  });

  const exec = async (pod: string, script: string) => {
    const result = await agent.cli(['exec', pod, '--', 'sh', '-c', script]);
    if (result.code !== 0) throw new Error(`exec in ${pod} failed: ${result.stderr}`);
    return result.stdout;
  };

  const configMap = (name: string, data: Record<string, string>) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`;

  it('gives env from fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef and envFrom, and mounts the volumes with their modes', async () => {
    await agent.writeManifest('app-config.yaml', `${configMap('app-config', { mode: 'fast', 'log.level': 'debug' })}---
apiVersion: v1
kind: Secret
metadata: {name: app-secret}
data: {password: czNjcmV0}
stringData: {user: admin}
`);
    await agent.writeManifest('env-pod.yaml', `apiVersion: v1
kind: Pod
metadata: {name: envpod, labels: {app: demo, tier: web}, annotations: {owner: team-a}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: [sh, -c, 'trap "exit 0" TERM; while true; do sleep 1; done']
    resources: {requests: {cpu: 250m, memory: 32Mi}, limits: {cpu: 500m, memory: 64Mi}}
    envFrom:
    - {prefix: CFG_, configMapRef: {name: app-config}}
    - {secretRef: {name: app-secret}}
    - {configMapRef: {name: absent, optional: true}}
    env:
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: POD_UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
    - {name: CPU_MILLIS, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
    - {name: CPU_CORES, valueFrom: {resourceFieldRef: {resource: requests.cpu}}}
    - {name: MEM_MI, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Mi}}}
    - {name: MODE, valueFrom: {configMapKeyRef: {name: app-config, key: mode}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: app-secret, key: password}}}
    - {name: MISSING, valueFrom: {configMapKeyRef: {name: app-config, key: nope, optional: true}}}
    - {name: SUMMARY, value: "$(POD_NAME)/$(CFG_mode)/$(user)"}
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: secret, mountPath: /etc/secret}
    - {name: info, mountPath: /etc/podinfo}
    - {name: all, mountPath: /etc/all}
  volumes:
  - name: config
    configMap: {name: app-config, items: [{key: mode, path: sub/mode.txt, mode: 0400}]}
  - name: secret
    secret: {secretName: app-secret, defaultMode: 0440}
  - name: info
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: name, fieldRef: {fieldPath: metadata.name}}
      - {path: mem, resourceFieldRef: {containerName: main, resource: limits.memory, divisor: 1Mi}}
  - name: all
    projected:
      sources:
      - configMap: {name: app-config, items: [{key: log.level, path: level}]}
      - secret: {name: app-secret}
      - downwardAPI: {items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
`);
    const pod = await waitForRunning(agent, 'envpod', 90_000);
    // The container's own env (a shell drops names such as CFG_log.level from what it passes on).
    const env = Object.fromEntries((await exec('envpod', "tr '\\0' '\\n' < /proc/1/environ")).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env).toMatchObject({
      POD_NAME: 'envpod', POD_NAMESPACE: 'default', POD_UID: pod.metadata.uid, APP: 'demo', NODE: agent.nodeName,
      POD_IP: pod.status.podIP, CPU_MILLIS: '500', CPU_CORES: '1', MEM_MI: '32', MODE: 'fast', PASSWORD: 's3cret',
      CFG_mode: 'fast', 'CFG_log.level': 'debug', user: 'admin', password: 's3cret', SUMMARY: 'envpod/fast/admin',
    });
    expect(env.HOST_IP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(env).not.toHaveProperty('MISSING');
    expect(await exec('envpod', 'cat /etc/config/sub/mode.txt; echo; stat -L -c %a /etc/config/sub/mode.txt')).toBe('fast\n400\n');
    expect((await exec('envpod', 'ls -a /etc/config')).split('\n')).toEqual(expect.arrayContaining(['..data', 'sub', expect.stringMatching(/^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\w+$/)]));
    expect(await exec('envpod', 'cat /etc/secret/user /etc/secret/password; echo; stat -L -c %a /etc/secret/password')).toBe('admins3cret\n440\n');
    expect(await exec('envpod', 'grep " /etc/secret " /proc/mounts | cut -d" " -f3,4 | cut -d, -f1')).toBe('tmpfs ro\n');
    expect(await exec('envpod', 'cat /etc/podinfo/labels; echo; cat /etc/podinfo/name /etc/podinfo/mem')).toBe('app="demo"\ntier="web"\nenvpod64');
    expect(await exec('envpod', 'cat /etc/all/level /etc/all/user /etc/all/ns')).toBe('debugadmindefault');
  });

  it('lists and describes ConfigMaps and Secrets as kubectl does, never showing a secret value', async () => {
    const configMaps = await agent.cli(['get', 'configmaps']);
    expect(configMaps.stdout).toMatch(/^NAME\s+DATA\s+AGE\napp-config\s+2\s+\S+\n/);
    const secrets = await agent.cli(['get', 'secrets']);
    expect(secrets.stdout).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\napp-secret\s+Opaque\s+2\s+\S+\n/);
    const described = (await agent.cli(['describe', 'secret', 'app-secret'])).stdout;
    expect(described).toMatch(/Type:\s+Opaque/);
    expect(described).toMatch(/password:\s+6 bytes\nuser:\s+5 bytes/);
    expect((await agent.cli(['describe', 'configmap', 'app-config'])).stdout).toContain('mode:\n----\nfast\n');
    const pod = (await agent.cli(['describe', 'pod', 'envpod'])).stdout;
    expect(pod).toContain("<set to the key 'password' in secret 'app-secret'>");
    for (const text of [described, pod, (await agent.cli(['get', 'pods', '-o', 'json'])).stdout]) expect(text).not.toContain('s3cret');
    const json = JSON.parse((await agent.cli(['get', 'secrets', '-o', 'json'])).stdout) as { items: Array<{ data: Record<string, string> }> };
    expect(json.items[0]?.data).toEqual({ password: Buffer.from('s3cret').toString('base64'), user: Buffer.from('admin').toString('base64') });
    expect((await agent.cli(['get', 'configmap', 'nope'])).stderr).toContain('configmaps "nope" not found');
  });

  it('holds a container in CreateContainerConfigError while its ConfigMap is missing, and starts it once the ConfigMap is added', async () => {
    await agent.writeManifest('late-pod.yaml', `apiVersion: v1
kind: Pod
metadata: {name: latepod}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: [sh, -c, 'echo "mode=$MODE"; trap "exit 0" TERM; while true; do sleep 1; done']
    env:
    - {name: MODE, valueFrom: {configMapKeyRef: {name: late, key: mode}}}
`);
    const waiting = await agent.waitFor(() => getPod(agent, 'latepod'), {
      until: (p) => p?.status.containerStatuses[0]?.state.waiting?.reason === 'CreateContainerConfigError',
      what: 'latepod waiting in CreateContainerConfigError',
    });
    expect(waiting?.status.containerStatuses[0]?.state.waiting?.message).toBe('configmap "late" not found');
    await agent.writeManifest('late-config.yaml', configMap('late', { other: 'x' }));
    await agent.waitFor(() => getPod(agent, 'latepod'), {
      until: (p) => p?.status.containerStatuses[0]?.state.waiting?.message === "couldn't find key mode in ConfigMap default/late",
      what: 'latepod waiting for the key',
    });
    await agent.writeManifest('late-config.yaml', configMap('late', { mode: 'slow' }));
    await waitForRunning(agent, 'latepod');
    await agent.waitFor(async () => (await agent.cli(['logs', 'latepod'])).stdout, { until: (out) => out.includes('mode=slow'), what: 'mode=slow in the logs' });
  });

  it('keeps a pod ContainerCreating with FailedMount while its volume ConfigMap is missing, then follows edits atomically without a restart', async () => {
    await agent.writeManifest('vol-pod.yaml', `apiVersion: v1
kind: Pod
metadata: {name: volpod}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: [sh, -c, 'trap "exit 0" TERM; while true; do sleep 1; done']
    volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
  volumes:
  - {name: cfg, configMap: {name: vol-config}}
`);
    await agent.waitFor(async () => (await agent.cli(['describe', 'pod', 'volpod'])).stdout, {
      until: (out) => out.includes('FailedMount') && out.includes('MountVolume.SetUp failed for volume "cfg" : configmap "vol-config" not found'),
      what: 'a FailedMount event on volpod',
    });
    expect((await getPod(agent, 'volpod'))?.status.containerStatuses[0]?.state.waiting?.reason).toBe('ContainerCreating');
    await agent.writeManifest('vol-config.yaml', configMap('vol-config', { greeting: 'one' }));
    const running = await waitForRunning(agent, 'volpod');
    expect(await exec('volpod', 'cat /etc/cfg/greeting')).toBe('one');
    await agent.writeManifest('vol-config.yaml', configMap('vol-config', { greeting: 'two', added: 'yes' }));
    await agent.waitFor(() => exec('volpod', 'cat /etc/cfg/greeting /etc/cfg/added 2>/dev/null || true'), { until: (out) => out === 'twoyes', what: 'the edited ConfigMap in /etc/cfg' });
    const after = await getPod(agent, 'volpod');
    expect(after?.status.containerStatuses[0]?.containerID).toBe(running.status.containerStatuses[0]?.containerID);
    expect(after?.status.containerStatuses[0]?.restartCount).toBe(0);
    // Atomic: the files are links through ..data, swapped in one rename.
    expect(await exec('volpod', 'readlink /etc/cfg/greeting')).toBe('..data/greeting\n');
  });

  it('updates a downwardAPI volume file when the labels of a pod with a pinned uid are edited', async () => {
    const manifest = (tier: string) => `apiVersion: v1
kind: Pod
metadata: {name: labelpod, uid: 6c1e4f0a-label-pod-e2e, labels: {tier: ${tier}}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: [sh, -c, 'trap "exit 0" TERM; while true; do sleep 1; done']
    volumeMounts: [{name: info, mountPath: /etc/podinfo}]
  volumes:
  - name: info
    downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
`;
    await agent.writeManifest('label-pod.yaml', manifest('one'));
    const running = await waitForRunning(agent, 'labelpod');
    expect(await exec('labelpod', 'cat /etc/podinfo/labels')).toBe('tier="one"');
    await agent.writeManifest('label-pod.yaml', manifest('two'));
    await agent.waitFor(() => exec('labelpod', 'cat /etc/podinfo/labels'), { until: (out) => out === 'tier="two"', what: 'the new label in /etc/podinfo/labels' });
    expect((await getPod(agent, 'labelpod'))?.status.containerStatuses[0]?.containerID).toBe(running.status.containerStatuses[0]?.containerID);
  });
});
