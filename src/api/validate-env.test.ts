import { describe, expect, it } from 'vitest';
import { decodePod } from './decode-pod.js';
import { applyPodDefaults } from './defaults.js';
import { validatePod } from './validate-pod.js';

function problems(container: Record<string, unknown>, volumes: unknown[] = []): string[] {
  const decoded = decodePod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'x', ...container }], volumes } });
  if (!decoded.manifest) return decoded.problems.map((p) => `${p.path}: ${p.message}`);
  return validatePod(applyPodDefaults(decoded.manifest)).map((p) => `${p.path}: ${p.message}`);
}
const env = (valueFrom: unknown) => ({ env: [{ name: 'X', valueFrom }] });

describe('env sources and projected volumes are validated as the API server does', () => {
  it.each([
    [env({}), 'spec.containers[0].env[0].valueFrom: must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'],
    [env({ fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'c', key: 'k' } }), 'spec.containers[0].env[0].valueFrom: may not have more than one field specified at a time'],
    [env({ fieldRef: { fieldPath: 'metadata.labels' } }), 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels"'],
    [env({ fieldRef: { fieldPath: 'status.podIP', apiVersion: 'v2' } }), 'spec.containers[0].env[0].valueFrom.fieldRef.apiVersion: invalid value "v2"'],
    [env({ resourceFieldRef: { resource: 'limits.gpu' } }), 'spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu"'],
    [env({ resourceFieldRef: { resource: 'limits.cpu', divisor: '2' } }), "divisor: invalid value \"2\": only divisor's values 1m, 1 are supported with the cpu resource"],
    [env({ resourceFieldRef: { resource: 'limits.memory', divisor: '1m' } }), "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"],
    [env({ configMapKeyRef: { key: 'k' } }), 'spec.containers[0].env[0].valueFrom.configMapKeyRef.name: required'],
    [env({ secretKeyRef: { name: 's', key: 'a b' } }), 'spec.containers[0].env[0].valueFrom.secretKeyRef.key: invalid value "a b"'],
    [{ env: [{ name: 'X', value: 'v', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }, 'valueFrom: may not be specified when `value` is not empty'],
    [{ envFrom: [{ prefix: 'P' }] }, 'spec.containers[0].envFrom[0]: must specify one of: `configMapRef` or `secretRef`'],
    [{ envFrom: [{ configMapRef: {} }] }, 'spec.containers[0].envFrom[0].configMapRef.name: required'],
  ])('env: %#', (container, expected) => {
    expect(problems(container).join('\n')).toContain(expected);
  });

  it.each([
    [{ name: 'v', configMap: {} }, 'spec.volumes[0].configMap.name: required'],
    [{ name: 'v', secret: { secretName: 's', defaultMode: 0o1777 } }, 'spec.volumes[0].secret.defaultMode: invalid value 1023: must be a number between 0 and 0777 (octal), both inclusive'],
    [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: '../x' }] } }, "spec.volumes[0].configMap.items[0].path: invalid value \"../x\": must not contain '..'"],
    [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: '..data' }] } }, "must not start with '..'"],
    [{ name: 'v', downwardAPI: { items: [{ path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] } }, 'spec.volumes[0].downwardAPI.items[0].fieldRef.fieldPath: Unsupported value: "status.podIP"'],
    [{ name: 'v', downwardAPI: { items: [{ path: 'm', resourceFieldRef: { resource: 'limits.memory' } }] } }, 'spec.volumes[0].downwardAPI.items[0].resourceFieldRef.containerName: required'],
    [{ name: 'v', downwardAPI: { items: [{ path: 'm', resourceFieldRef: { containerName: 'other', resource: 'limits.memory' } }] } }, 'must name a container of this pod'],
    [{ name: 'v', projected: { sources: [{ configMap: { name: 'a', items: [{ key: 'k', path: 'p' }] } }, { secret: { name: 'b', items: [{ key: 'k', path: 'p' }] } }] } }, 'conflicting duplicate paths'],
    [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }, 'spec.volumes[0]: may not specify more than 1 volume type (has emptyDir and configMap)'],
  ])('volume: %#', (volume, expected) => {
    expect(problems({}, [volume]).join('\n')).toContain(expected);
  });

  it('accepts the documentation examples: labels and annotations by key, metadata maps in volumes', () => {
    expect(problems(env({ fieldRef: { fieldPath: "metadata.annotations['example.com/x']" } }), [
      { name: 'v', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'requests.cpu', divisor: '1m' } }] } },
    ])).toEqual([]);
  });
});
