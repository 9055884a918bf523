import { describe, expect, it } from 'vitest';
import type { PodDNSConfig, PodSpec } from '../api/pod-types.js';
import { makePod } from '../status/testing/fixtures.js';
import { makeDnsSettings, parseResolvConf } from './make-dns-settings.js';

const HOST = '# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch corp.example lan\noptions edns0 ndots:1 # trailing comment\n';

describe('parseResolvConf', () => {
  it('reads nameservers, the search list and options, ignoring comments', () => {
    expect(parseResolvConf(HOST)).toEqual({ servers: ['127.0.0.53', '10.0.0.2'], searches: ['corp.example', 'lan'], options: ['edns0', 'ndots:1'] });
  });
});

describe('makeDnsSettings (kubelet GetPodDNS, no cluster DNS)', () => {
  const pod = (spec: Partial<PodSpec>, dnsConfig?: PodDNSConfig) => makePod({ ...spec, ...(dnsConfig ? { dnsConfig } : {}) });

  it('leaves the engine alone without dnsConfig', () => {
    expect(makeDnsSettings(pod({}), HOST)).toBeUndefined();
    expect(makeDnsSettings(pod({ dnsPolicy: 'Default' }), HOST)).toBeUndefined();
  });

  it('uses exactly dnsConfig under dnsPolicy None, with "no search" when it has none', () => {
    expect(makeDnsSettings(pod({ dnsPolicy: 'None' }, { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }, { name: 'rotate' }] }), HOST)).toEqual({
      servers: ['1.1.1.1'],
      searches: ['.'],
      options: ['ndots:2', 'rotate'],
    });
  });

  it('appends dnsConfig to the node resolv.conf, without its loopback nameservers', () => {
    expect(
      makeDnsSettings(pod({}, { nameservers: ['10.0.0.2', '1.1.1.1'], searches: ['svc.example', 'lan'], options: [{ name: 'ndots', value: '5' }] }), HOST),
    ).toEqual({ servers: ['10.0.0.2', '1.1.1.1'], searches: ['corp.example', 'lan', 'svc.example'], options: ['edns0', 'ndots:5'] });
  });

  it('keeps loopback nameservers for hostNetwork pods and caps the nameservers at 3', () => {
    expect(makeDnsSettings(pod({ hostNetwork: true }, { nameservers: ['1.1.1.1', '8.8.8.8'] }), HOST)?.servers).toEqual(['127.0.0.53', '10.0.0.2', '1.1.1.1']);
  });
});
