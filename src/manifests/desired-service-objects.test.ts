import { describe, expect, it } from 'vitest';
import { resolveServiceObjects } from './desired-service-objects.js';
import { parseManifest } from './parse-manifest.js';

const parse = (file: string, content: string) => parseManifest({ file, content, nodeName: 'n1' });
const SERVICE = (name: string, port = 80) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: ${port}}]\n`;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  containers: [{name: c, image: busybox}]\n';

describe('Services in manifest files', () => {
  it('reads Services, Endpoints and EndpointSlices beside pods', () => {
    const endpoints = 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 192.168.1.20}], ports: [{port: 5432}]}]\n';
    const parsed = parse('/m/stack.yaml', `${POD}---\n${SERVICE('web')}---\n${endpoints}`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.pods).toHaveLength(1);
    expect(parsed.services.map((s) => [s.object.kind, s.object.metadata.name, s.document])).toEqual([['Service', 'web', 1], ['Endpoints', 'db', 2]]);
  });

  it('applies nothing of a file with an error, and names the file, document and field', () => {
    const parsed = parse('/m/stack.yaml', `${POD}---\n${SERVICE('web', 0)}`);
    expect(parsed.pods).toEqual([]);
    expect(parsed.services).toEqual([]);
    expect(parsed.errors).toEqual([{ severity: 'error', file: '/m/stack.yaml', document: 1, path: 'spec.ports[0].port', message: 'invalid value 0: must be between 1 and 65535, inclusive' }]);
  });

  it('gives a name defined twice to the recorded owner, else to the file seen first, and reports the other', () => {
    const a = { file: '/m/a.yaml', firstSeenMs: 1, services: parse('/m/a.yaml', SERVICE('web', 80)).services };
    const b = { file: '/m/b.yaml', firstSeenMs: 2, services: parse('/m/b.yaml', SERVICE('web', 81)).services };
    const first = resolveServiceObjects([b, a]);
    expect(first.services.map((s) => s.file)).toEqual(['/m/a.yaml']);
    expect(first.errors).toEqual([{ severity: 'error', file: '/m/b.yaml', document: 0, path: 'metadata.name', message: 'Service "default/web" is already defined in a.yaml; this one is ignored until that name is free' }]);
    expect(first.owners).toEqual(new Map([['service/default/web', '/m/a.yaml']]));
    const recorded = resolveServiceObjects([a, b], new Map([['service/default/web', '/m/b.yaml']]));
    expect(recorded.services.map((s) => s.file)).toEqual(['/m/b.yaml']);
  });
});
