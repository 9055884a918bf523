import { createServer } from 'node:net';

/**
 * Ports for the agents' listeners, above the kernel's ephemeral range (32768–60999 here): a port
 * the kernel picked for a throwaway listener could be handed to any other process's `listen(0)`
 * or outgoing connection before the agent binds it (seen in CI: EADDRINUSE). Each vitest worker
 * takes its own slice (`VITEST_POOL_ID`), so two test files never pick the same port. Below the
 * ephemeral range are the control plane's ports (test/helpers/control-plane.ts, 20000–29000) and
 * the NodePorts (30000–32767), which an agent in userspace proxy mode listens on.
 */
const FIRST_PORT = 61_000;
const SLICE = 560;
let next = 0;

/** A port nothing listens on now, from this worker's slice of 61000–65479. */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.VITEST_POOL_ID ?? 1) % 8;
  for (let tries = 0; tries < SLICE; tries++) {
    const port = FIRST_PORT + worker * SLICE + (next++ % SLICE);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${FIRST_PORT + worker * SLICE}–${FIRST_PORT + (worker + 1) * SLICE - 1} on 127.0.0.1`);
}

function bindable(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The value of one sample line of a Prometheus exposition, undefined when absent. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
