/** GET requests to the API server's Unix socket, for the server and route tests. */
import { request, type IncomingMessage } from 'node:http';

/** A parsed JSON body: the tests read into it freely, and their assertions check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests' assertions are the type check
export type JsonBody = any;

export interface SocketGet {
  /** GETs `path`: the status, the whole body as text, and the response. */
  get(path: string): Promise<{ status: number; body: string; res: IncomingMessage }>;
  /** GETs `path` and parses the body as JSON. */
  getJson(path: string): Promise<{ status: number; json: JsonBody }>;
}

/** `get` and `getJson` on the socket `socketPath()` names at the time of each call (the current test's server). */
export function socketGet(socketPath: () => string): SocketGet {
  function get(path: string): Promise<{ status: number; body: string; res: IncomingMessage }> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: socketPath(), path }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, res }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  async function getJson(path: string): Promise<{ status: number; json: JsonBody }> {
    const { status, body } = await get(path);
    return { status, json: JSON.parse(body) };
  }

  return { get, getJson };
}
