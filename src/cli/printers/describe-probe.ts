import type { Probe } from '../../api/pod-types.js';

/** Go `url.URL.EscapedPath` for a plain path: unreserved and path-safe bytes stay, the rest is %-encoded. */
function escapePath(path: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(path)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go `net.JoinHostPort`. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * kubectl `DescribeProbe` (staging/src/k8s.io/kubectl/pkg/describe/describe.go):
 * `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`.
 */
export function describeProbe(probe: Probe): string {
  const attrs =
    `delay=${probe.initialDelaySeconds}s timeout=${probe.timeoutSeconds}s period=${probe.periodSeconds}s ` +
    `#success=${probe.successThreshold} #failure=${probe.failureThreshold}`;
  if (probe.exec) return `exec [${probe.exec.command.join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const { scheme, host = '', port, path } = probe.httpGet;
    const hostPort = String(port).length > 0 ? joinHostPort(host, String(port)) : host;
    const slash = path !== '' && !path.startsWith('/') && hostPort !== '' ? '/' : '';
    return `http-get ${scheme.toLowerCase()}://${hostPort}${slash}${escapePath(path)} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port} ${attrs}`;
  // kubectl prints `<pod>` for the host (the probe goes to the pod IP) and the service even when "".
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service} ${attrs}`;
  return `unknown ${attrs}`;
}
