import { describe, expect, it } from 'vitest';
import { makeServiceEnv } from './service-env.js';
import type { ServicePortView, ServiceView, ServicesView } from './service-view.js';

const service = (name: string, clusterIP: string, ports: ServicePortView[], namespace = 'default'): ServiceView => ({
  namespace, name, type: 'ClusterIP', clusterIP, ports, sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, publishNotReadyAddresses: false, endpoints: [],
});
const view = (services: ServiceView[]): ServicesView => ({ version: 1, services, pods: [] });

// The cases of k8s pkg/kubelet/envvars/envvars_test.go TestFromServices.
const KUBELET_CASES = view([
  service('foo-bar', '1.2.3.4', [{ name: '', protocol: 'TCP', port: 8083 }]),
  service('abc-123', '5.6.7.8', [{ name: 'u-d-p', protocol: 'UDP', port: 8081 }, { name: 't-c-p', protocol: 'TCP', port: 8081 }]),
  service('q-u-u-x', '9.8.7.6', [{ name: '', protocol: 'TCP', port: 8081 }, { name: '8080', protocol: 'TCP', port: 8080 }]),
  service('svrc-clusterip-none', 'None', [{ name: '', protocol: 'TCP', port: 8082 }]),
  service('svrc-clusterip-empty', '', [{ name: '', protocol: 'TCP', port: 8082 }]),
]);

describe('makeServiceEnv', () => {
  it('gives the names and values of the kubelet\'s FromServices', () => {
    expect(Object.fromEntries(makeServiceEnv(KUBELET_CASES, 'default', undefined))).toEqual({
      FOO_BAR_SERVICE_HOST: '1.2.3.4',
      FOO_BAR_SERVICE_PORT: '8083',
      FOO_BAR_PORT: 'tcp://1.2.3.4:8083',
      FOO_BAR_PORT_8083_TCP: 'tcp://1.2.3.4:8083',
      FOO_BAR_PORT_8083_TCP_PROTO: 'tcp',
      FOO_BAR_PORT_8083_TCP_PORT: '8083',
      FOO_BAR_PORT_8083_TCP_ADDR: '1.2.3.4',
      ABC_123_SERVICE_HOST: '5.6.7.8',
      ABC_123_SERVICE_PORT: '8081',
      ABC_123_SERVICE_PORT_U_D_P: '8081',
      ABC_123_SERVICE_PORT_T_C_P: '8081',
      ABC_123_PORT: 'udp://5.6.7.8:8081',
      ABC_123_PORT_8081_UDP: 'udp://5.6.7.8:8081',
      ABC_123_PORT_8081_UDP_PROTO: 'udp',
      ABC_123_PORT_8081_UDP_PORT: '8081',
      ABC_123_PORT_8081_UDP_ADDR: '5.6.7.8',
      ABC_123_PORT_8081_TCP: 'tcp://5.6.7.8:8081',
      ABC_123_PORT_8081_TCP_PROTO: 'tcp',
      ABC_123_PORT_8081_TCP_PORT: '8081',
      ABC_123_PORT_8081_TCP_ADDR: '5.6.7.8',
      Q_U_U_X_SERVICE_HOST: '9.8.7.6',
      Q_U_U_X_SERVICE_PORT: '8081',
      Q_U_U_X_SERVICE_PORT_8080: '8080',
      Q_U_U_X_PORT: 'tcp://9.8.7.6:8081',
      Q_U_U_X_PORT_8081_TCP: 'tcp://9.8.7.6:8081',
      Q_U_U_X_PORT_8081_TCP_PROTO: 'tcp',
      Q_U_U_X_PORT_8081_TCP_PORT: '8081',
      Q_U_U_X_PORT_8081_TCP_ADDR: '9.8.7.6',
      Q_U_U_X_PORT_8080_TCP: 'tcp://9.8.7.6:8080',
      Q_U_U_X_PORT_8080_TCP_PROTO: 'tcp',
      Q_U_U_X_PORT_8080_TCP_PORT: '8080',
      Q_U_U_X_PORT_8080_TCP_ADDR: '9.8.7.6',
    });
  });

  it.each([
    ['another namespace', 'other', undefined, 0],
    ['enableServiceLinks: false', 'default', false, 0],
    ['enableServiceLinks: true', 'default', true, 32],
  ])('gives the Services of the pod\'s namespace only, and none with links off: %s', (_why, namespace, links, count) => {
    expect(makeServiceEnv(KUBELET_CASES, namespace, links).size).toBe(count);
  });
});
