import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesiredServiceObject } from '../manifests/desired-service-objects.js';
import { parseIpv4Cidr } from '../shared/ipv4-cidr.js';
import type { ServicePod } from './compute-endpoints.js';
import { SERVICE_ADDRESS_RECORD_FILE, ServiceAddressRecord } from './service-address-record.js';
import { ServiceRegistry } from './service-registry.js';
import type { ServicesView } from './service-view.js';
import { podFixture, serviceFixture } from './testing/service-fixtures.js';

const log = pino({ level: 'silent' });
const range = (() => {
  const parsed = parseIpv4Cidr('10.96.0.0/12');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
})();
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function registry(pods: ServicePod[], file?: string) {
  const r = new ServiceRegistry({ range, nodePortRange: { min: 30000, max: 32767 }, record: new ServiceAddressRecord(file, log), pods: () => pods, now: () => 1000, log });
  const views: ServicesView[] = [];
  r.onChange((v) => views.push(v));
  await r.start();
  return { r, views };
}
const entry = (object: DesiredServiceObject['object'], document = 0): DesiredServiceObject => ({ object, file: '/m/web.yaml', document });
const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('ServiceRegistry', () => {
  it('publishes a new view (version + 1) when Services or pods change, and only then', async () => {
    const pods = [podFixture('a', '172.17.0.5')];
    const { r, views } = await registry(pods);
    r.setObjects([entry(serviceFixture('web'))]);
    expect(views.map((v) => v.version)).toEqual([1]);
    expect(views[0]?.services[0]).toMatchObject({ name: 'web', type: 'ClusterIP', endpoints: [{ ip: '172.17.0.5', ready: true, podRef: 'default/a' }] });
    expect(views[0]?.pods).toEqual([{ namespace: 'default', name: 'a', ip: '172.17.0.5' }]);
    r.setObjects([entry(serviceFixture('web'))]);
    r.podsChanged();
    r.podsChanged();
    await settle();
    expect(views).toHaveLength(1);
    // Readiness lost: the pod leaves the view; a restart with a new IP comes back with it.
    pods[0] = podFixture('a', '172.17.0.5', { ready: false });
    r.podsChanged();
    await settle();
    expect(views.at(-1)?.services[0]?.endpoints).toEqual([]);
    pods[0] = podFixture('a', '172.17.0.9');
    r.podsChanged();
    await settle();
    expect(views.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(views.at(-1)?.services[0]?.endpoints.map((e) => e.ip)).toEqual(['172.17.0.9']);
    expect(r.current()).toBe(views.at(-1));
    // publishNotReadyAddresses: the not-ready pod is listed, ready as the EndpointSlice controller marks it.
    pods[0] = podFixture('a', '172.17.0.9', { ready: false });
    r.setObjects([entry(serviceFixture('web', { publishNotReadyAddresses: true }))]);
    expect(r.current().services[0]?.endpoints).toMatchObject([{ ip: '172.17.0.9', ready: true }]);
  });

  it('records the addresses so that a restarted registry gives the same ones, and frees a removed Service\'s', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'svc-registry-'));
    dirs.push(dir);
    const file = path.join(dir, SERVICE_ADDRESS_RECORD_FILE);
    const first = await registry([], file);
    // Asked for once; the record keeps it after the manifest stops asking.
    first.r.setObjects([entry(serviceFixture('web', { clusterIP: '10.96.0.77' })), entry(serviceFixture('db'), 1)]);
    await first.r.flushed();
    const second = await registry([], file);
    await second.r.flushed();
    second.r.setObjects([entry(serviceFixture('web')), entry(serviceFixture('db'), 1)]);
    expect(second.r.current().services.find((s) => s.name === 'web')?.clusterIP).toBe('10.96.0.77');
    second.r.setObjects([entry(serviceFixture('db'), 1)]);
    await second.r.flushed();
    const record = JSON.parse(await readFile(file, 'utf8')) as { services: Record<string, unknown> };
    expect(Object.keys(record.services)).toEqual(['default/db']);
  });

  it('reports a refused allocation as a problem of the Service\'s document, and leaves the Service out', async () => {
    const { r } = await registry([]);
    r.setObjects([entry(serviceFixture('web', { clusterIP: '192.168.0.1' }), 2)]);
    expect(r.current().services).toEqual([]);
    expect(r.problems()).toEqual([{ severity: 'error', file: '/m/web.yaml', document: 2, path: 'spec.clusterIP', message: expect.stringContaining('is not in the valid range') }]);
    r.setObjects([]);
    expect(r.problems()).toEqual([]);
    const endpoints = { apiVersion: 'v1' as const, kind: 'Endpoints' as const, metadata: { name: 'web', namespace: 'default', labels: {}, annotations: {} }, subsets: [] };
    r.setObjects([entry(serviceFixture('web')), entry(endpoints, 1)]);
    expect(r.problems()).toEqual([{ severity: 'warning', file: '/m/web.yaml', document: 1, message: expect.stringContaining('Endpoints "web" is not used: Service "web" has a selector') }]);
  });
});
