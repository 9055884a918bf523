/**
 * The Services' data path at scale, without pods: 1,000 ClusterIP Services of 2 backends each.
 * - rules: `makeProxyRules` for the view, and one `iptables-restore --noflush` of it into this
 *   benchmark's own chains (the agent's sync; removed after), then a second sync with no change;
 * - DNS: the cluster DNS on loopback (a port of its own), 2,000 sequential UDP queries of Service
 *   names, per-query latency.
 * Bounded, local only: the rules are never jumped to (no traffic crosses them), the queries go to
 * 127.0.0.1.
 */
import { createSocket } from 'node:dgram';
import { type AddressInfo, createServer } from 'node:net';
import { encode } from 'dns-packet';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { ClusterDnsServer } from '../src/services/cluster-dns-server.js';
import { IptablesProxier } from '../src/services/iptables-proxier.js';
import { makeProxyRules } from '../src/services/make-proxy-rules.js';
import type { ServicesView } from '../src/services/service-view.js';
import { makeEndpointView, makeServiceView } from '../src/services/testing/in-memory-view-source.js';
import { staticViewSource } from '../src/services/static-view-source.js';
import { dockerClient } from '../test/helpers/docker.js';
import { describeMachine } from './lib/machine.js';
import { formatSummary, summarize } from './lib/stats.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const QUERIES = 2000;
const nodeName = `bench-svc-${process.pid}`;
const log = pino({ level: 'silent' });

const view: ServicesView = {
  version: 1,
  pods: [],
  services: Array.from({ length: SERVICES }, (_, i) => makeServiceView({
    name: `svc-${i}`, clusterIP: `10.${200 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`,
    endpoints: [makeEndpointView(`172.17.${Math.floor(i / 100)}.${(i % 100) * 2 + 1}`), makeEndpointView(`172.17.${Math.floor(i / 100)}.${(i % 100) * 2 + 2}`)],
  })),
};
const proxier = new IptablesProxier({ nodeName, podCidr: '172.17.0.0/16' });

afterAll(async () => {
  await proxier.cleanUp();
});

it(`syncs the rules of ${SERVICES} Services and answers their names`, async () => {
  const machine = await describeMachine(dockerClient());
  const t0 = performance.now();
  const text = makeProxyRules({ view, prefix: proxier.prefix, podCidr: '172.17.0.0/16', localhostNodePorts: false, existing: { nat: [], filter: [] } });
  const generateMs = performance.now() - t0;
  await proxier.start();
  const t1 = performance.now();
  await proxier.sync(view);
  const firstSyncMs = performance.now() - t1;
  const t2 = performance.now();
  await proxier.sync(view);
  const resyncMs = performance.now() - t2;
  expect((await proxier.ownChains('nat')).length).toBe(4 + SERVICES * 3);
  await proxier.cleanUp();

  const port = await freePort();
  const dns = new ClusterDnsServer({ address: '127.0.0.1', port, clusterDomain: 'cluster.local', source: staticViewSource(view), resolvConf: '/dev/null', log });
  await dns.start();
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const latencies: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const query = encode({ type: 'query', id: i, questions: [{ name: `svc-${i % SERVICES}.default.svc.cluster.local`, type: 'A', class: 'IN' }] });
    const started = performance.now();
    await new Promise<void>((resolve) => {
      socket.once('message', () => resolve());
      socket.send(query, port, '127.0.0.1');
    });
    latencies.push(performance.now() - started);
  }
  socket.close();
  await dns.stop();
  const summary = summarize(latencies);
  console.log(JSON.stringify({ machine, services: SERVICES, rulesBytes: text.length, generateMs, firstSyncMs, resyncMs, dnsQueryMs: summary }, null, 2));
  console.log(`rules: generate ${generateMs.toFixed(1)} ms, first sync ${firstSyncMs.toFixed(0)} ms, resync ${resyncMs.toFixed(0)} ms; DNS query ${formatSummary(summary)}`);
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
