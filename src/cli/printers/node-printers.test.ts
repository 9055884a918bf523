import { describe, expect, it } from 'vitest';
import { toApiNode } from '../../node/api-node.js';
import { makeNodeInfo } from '../../node/node-info.js';
import { apiPod, makeContainer, makePod } from '../../status/testing/fixtures.js';
import { describeNode } from './describe-node.js';
import { printNodeTable } from './node-table.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const node = toApiNode({
  node: makeNodeInfo({ name: 'box', extraLabels: { zone: 'lab' }, os: 'linux', arch: 'amd64', cpus: 2, memoryBytes: 4 * 2 ** 30, maxPods: 110, reserved: { cpuMillis: 500, memoryBytes: 0 } }),
  hostIP: '10.0.0.5',
  startedAtMs: NOW - 3 * 3600_000,
  engineVersion: '20.10.24',
  agentVersion: 'minikubelet/v0.1.0',
  kernelVersion: '6.1.0',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  nowMs: NOW,
});

describe('printNodeTable', () => {
  it('prints kubectl get nodes columns', () => {
    expect(printNodeTable([node], { wide: false, nowMs: NOW })).toBe(
      'NAME   STATUS   ROLES    AGE   VERSION\nbox    Ready    <none>   3h    minikubelet/v0.1.0\n',
    );
  });
  it('adds addresses and system info with -o wide', () => {
    expect(printNodeTable([node], { wide: true, nowMs: NOW })).toMatch(/INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE[\s\S]*10\.0\.0\.5\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+6\.1\.0\s+docker:\/\/20\.10\.24/);
  });
});

describe('describeNode', () => {
  it('shows capacity, allocatable and the requests of the pods on the node', () => {
    const pod = makePod({
      containers: [{ ...makeContainer('a'), resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } }],
    });
    const out = describeNode(node, [apiPod(pod, { phase: 'Running', conditions: [], initContainerStatuses: [], containerStatuses: [] })], NOW);
    expect(out).toMatch(/^Capacity:\n {2}cpu:\s+2\n {2}memory:\s+4194304Ki\n {2}pods:\s+110$/m);
    expect(out).toMatch(/^Allocatable:\n {2}cpu:\s+1500m\n/m);
    expect(out).toMatch(/Non-terminated Pods:\s+\(1 in total\)/);
    expect(out).toMatch(/250m \(16%\)\s+500m \(33%\)\s+64Mi \(1%\)\s+128Mi \(3%\)/);
    expect(out).toMatch(/^ {2}cpu\s+250m \(16%\)\s+500m \(33%\)$/m);
    expect(out).toMatch(/zone=lab/);
    expect(out).not.toMatch(/Resource usage/);
  });

  it('shows what each pod and all of them use, from the cgroups, or why that is unavailable', () => {
    const usage = {
      readAtMs: NOW,
      kubepods: { memoryUsageBytes: 600 * 2 ** 20, memoryWorkingSetBytes: 400 * 2 ** 20, cpuUsageSeconds: 530.646 },
      pods: [
        { namespace: 'default', name: 'web', uid: 'u2', usage: { memoryUsageBytes: 3 * 2 ** 20, memoryWorkingSetBytes: 2.4 * 2 ** 20, cpuUsageSeconds: 1.5 } },
        { namespace: 'default', name: 'db', uid: 'u1', usage: { memoryUsageBytes: 307200, memoryWorkingSetBytes: 307200, cpuUsageSeconds: 0.032 } },
      ],
    };
    const out = describeNode(node, [], NOW, usage);
    expect(out).toMatch(/^Resource usage:\n/m);
    expect(out).toMatch(/^ {2}default\s+db\s+300Ki\s+0\.03s\n {2}default\s+web\s+2Mi\s+1\.50s$/m);
    expect(out).toMatch(/^ {2}\(all pods\)\s+400Mi \(9%\)\s+530\.65s$/m);
    expect(describeNode(node, [], NOW, new Error('the server could not find the requested resource'))).toMatch(
      /^Resource usage:\s+<unavailable: the server could not find the requested resource>$/m,
    );
  });
});
