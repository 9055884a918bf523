import net from 'node:net';
import { dialErrorText } from './dial-error.js';
import type { ProbeOutcome } from './probe-result.js';

/**
 * A tcpSocket probe from the agent (kubelet pkg/probe/tcp/tcp.go): connect to host:port within the
 * timeout; connected → Success, closed at once, nothing sent; anything else → Failure with the
 * error text.
 */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise<ProbeOutcome>((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ result: 'failure', output: dialErrorText({ code: 'ETIMEDOUT' }, host, port) }), timeoutMs);
    socket.once('connect', () => done({ result: 'success', output: '' }));
    socket.once('error', (err) => done({ result: 'failure', output: dialErrorText(err, host, port) }));
  });
}
