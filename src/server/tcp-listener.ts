import type { AddressInfo, Server } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

/**
 * Listens on `port` (0: a free one) at `address` and returns the port got; a listen failure (the
 * port in use) rejects, a later server error is logged as `what` failing.
 */
export async function listenTcp(server: Server, port: number, address: string, log: Logger, what: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, `${what} failed`));
  return (server.address() as AddressInfo).port;
}

/** Stops listening and drops the open connections (watches, log follows, streams). */
export async function closeServer(server: Server, sockets: Iterable<Duplex>): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  await closed;
}
