/** `host:port`, IPv6 literals bracketed (Go `net.JoinHostPort`). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const GO_SYSCALL_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ECONNRESET: 'read: connection reset by peer',
  EADDRNOTAVAIL: 'connect: cannot assign requested address',
};

/**
 * A connection error worded as Go's net package words it, so probe events read as the kubelet's
 * (`dial tcp 10.1.2.3:8080: connect: connection refused`, pkg/probe/tcp/tcp.go returns err.Error()).
 */
export function dialErrorText(err: unknown, host: string, port: number): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const address = joinHostPort(host, port);
  if (code === 'ETIMEDOUT') return `dial tcp ${address}: i/o timeout`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `dial tcp: lookup ${host}: no such host`;
  const text = code ? GO_SYSCALL_TEXT[code] : undefined;
  if (text) return `dial tcp ${address}: ${text}`;
  return err instanceof Error ? err.message : String(err);
}
