/** The admin kubeconfig (kubeadm's `admin.conf`): the server URL, the CA and a client certificate inline. */
import { isIP } from 'node:net';
import { stringify } from 'yaml';
import type { KeyPair } from './certificates.js';

/** Where kubectl should dial: the bind address, or loopback when the server listens on every address. */
export function makeServerUrl(bindAddress: string, port: number): string {
  const host = bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress === '::' ? '::1' : bindAddress;
  return `https://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

export function makeKubeconfig(input: { clusterName: string; serverUrl: string; caPem: string; admin: KeyPair }): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const user = 'minikubelet-admin';
  const context = `${user}@${input.clusterName}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: input.clusterName, cluster: { server: input.serverUrl, 'certificate-authority-data': b64(input.caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(input.admin.certPem), 'client-key-data': b64(input.admin.keyPem) } }],
    contexts: [{ name: context, context: { cluster: input.clusterName, user, namespace: 'default' } }],
    'current-context': context,
    preferences: {},
  });
}
