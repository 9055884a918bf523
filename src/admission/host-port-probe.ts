import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Pod } from '../api/pod-types.js';
import { hostPortsOf } from './admit-pod.js';

function tcpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/**
 * The pod's hostPorts that something on the host (not a pod) already holds, found by trying to
 * bind each one. Called only for a pod with no containers yet: once its sandbox runs, Docker holds
 * the ports itself. SCTP is not probed.
 */
export async function busyHostPorts(pod: Pod): Promise<string[]> {
  const busy: string[] = [];
  for (const entry of hostPortsOf(pod)) {
    const [hostPort, protocol] = entry.slice(entry.lastIndexOf(':') + 1).split('/') as [string, string];
    const host = entry.slice(0, entry.lastIndexOf(':'));
    const free = protocol === 'UDP' ? await udpFree(host, Number(hostPort)) : protocol === 'TCP' ? await tcpFree(host, Number(hostPort)) : true;
    if (!free) busy.push(entry);
  }
  return busy;
}
