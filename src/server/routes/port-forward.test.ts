import { request } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServerHarness, type ApiServerHarness } from '../../../test/helpers/api-server-harness.js';
import { makeApiPod } from '../../../test/helpers/in-memory-agent-api.js';
import { encodeData, encodeSynStream, FLAG_FIN, SpdyFrameDecoder, type SpdyFrame } from '../streams/spdy-frame.js';
import { HeaderCompressor } from '../streams/spdy-header-block.js';

let h: ApiServerHarness;
/** The "pod": an echo server on loopback, which the pod's IP names. */
let pod: Server;
let podPort: number;

beforeEach(async () => {
  h = await startApiServerHarness();
  const web = makeApiPod('web');
  web.status.podIP = '127.0.0.1';
  h.api.pods = [web];
  pod = createServer((conn) => conn.on('data', (chunk: Buffer) => conn.write(`echo:${chunk.toString()}`)).on('end', () => conn.end()));
  await new Promise<void>((resolve) => pod.listen(0, '127.0.0.1', resolve));
  podPort = (pod.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => pod.close(resolve));
  await h.close();
});

interface Client {
  socket: Duplex;
  frames: SpdyFrame[];
  open(requestId: number, port: number): Promise<void>;
  send(frame: Buffer): void;
  /** The text a stream carried to the client, once the server sent FIN on it. */
  received(streamId: number): Promise<string>;
}

/** kubectl's fallback: `Upgrade: SPDY/3.1`, then per request an error stream and a data stream. */
function connect(headers: Record<string, string> = { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io' }) {
  return new Promise<Client | { status: number; body: { message: string } }>((resolve, reject) => {
    const req = request({ socketPath: h.socketPath, method: 'POST', path: '/api/v1/namespaces/default/pods/web/portforward', headers });
    req.on('upgrade', (res, socket, head) => {
      expect(res.headers.upgrade).toBe('SPDY/3.1');
      const decoder = new SpdyFrameDecoder();
      const frames: SpdyFrame[] = [...decoder.push(head)];
      socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk)));
      const compressor = new HeaderCompressor();
      let nextId = 1;
      const synStream = async (requestId: number, port: number, type: string): Promise<void> => {
        const block = await compressor.compress(new Map([['port', [String(port)]], ['requestid', [String(requestId)]], ['streamtype', [type]]]));
        socket.write(encodeSynStream(nextId, block));
        nextId += 2;
      };
      resolve({
        socket,
        frames,
        async open(requestId, port) {
          await synStream(requestId, port, 'error');
          await synStream(requestId, port, 'data');
        },
        send: (frame) => socket.write(frame),
        async received(streamId) {
          const onStream = (): SpdyFrame[] => frames.filter((f) => f.type === 'data' && f.streamId === streamId);
          await expect.poll(() => onStream().some((f) => 'flags' in f && (f.flags & FLAG_FIN) !== 0)).toBe(true);
          return onStream().map((f) => (f.type === 'data' ? f.data.toString() : '')).join('');
        },
      });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) as { message: string } }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('port-forward over SPDY', () => {
  it('joins a data stream to the pod\'s port, both directions, and closes the error stream empty', async () => {
    const client = (await connect()) as Client;
    await client.open(0, podPort);
    client.send(encodeData(3, Buffer.from('ping')));
    client.send(encodeData(3, Buffer.alloc(0), FLAG_FIN));
    expect(await client.received(3)).toBe('echo:ping');
    expect(await client.received(1)).toBe('');
    expect(client.frames.filter((f) => f.type === 'synReply').map((f) => f.type === 'synReply' && f.streamId)).toEqual([1, 3]);
    client.socket.destroy();
  });

  it('carries several requests on one connection', async () => {
    const client = (await connect()) as Client;
    await client.open(0, podPort);
    await client.open(1, podPort);
    client.send(encodeData(7, Buffer.from('second'), FLAG_FIN));
    client.send(encodeData(3, Buffer.from('first'), FLAG_FIN));
    expect(await client.received(7)).toBe('echo:second');
    expect(await client.received(3)).toBe('echo:first');
    client.socket.destroy();
  });

  it('tells a port nothing listens on in the kubelet\'s words, on the error stream', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const client = (await connect()) as Client;
    await client.open(0, closed);
    expect(await client.received(1)).toBe(
      `error forwarding port ${closed} to pod web_default, uid uid-default-web: failed to connect to 127.0.0.1:${closed}: connection refused (nothing listens on port ${closed} in the pod)`,
    );
    expect(await client.received(3)).toBe('');
    client.socket.destroy();
  });

  it('refuses before upgrading: a pod that is not running, a missing pod, an upgrade it does not speak', async () => {
    expect(await connect({ Connection: 'Upgrade', Upgrade: 'h2c' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/SPDY\/3\.1\+portforward\.k8s\.io/) } });
    h.api.pods[0]!.status.phase = 'Pending';
    expect(await connect()).toMatchObject({ status: 400, body: { message: 'unable to forward port because pod default/web is not running. Current status=Pending' } });
    h.api.pods = [];
    expect(await connect()).toMatchObject({ status: 404, body: { message: 'pods "web" not found' } });
  });
});
