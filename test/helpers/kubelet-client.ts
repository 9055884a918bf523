/** A client of the kubelet port for tests: certificates made here, HTTPS requests, exec over SPDY. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { WebSocket } from 'ws';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificateAuthority, signCertificate, type KeyPair } from '../../src/server/pki/certificates.js';
import { spdyUpgrade, type SpdyClientStream } from './spdy-client.js';

export interface ClientIdentity {
  cert?: string;
  key?: string;
}

/** A client CA (written to a file for --client-ca-file), the API server's client certificate it signed, and one from another CA. */
export async function makeKubeletClientPki(): Promise<{ caFile: string; dir: string; apiserver: KeyPair; stranger: KeyPair }> {
  const now = Date.now();
  const ca = makeCertificateAuthority('test-client-ca', now);
  const other = makeCertificateAuthority('another-ca', now);
  const dir = await mkdtemp(join(tmpdir(), 'minikubelet-kubelet-pki-'));
  const caFile = join(dir, 'client-ca.crt');
  await writeFile(caFile, ca.certPem);
  return {
    caFile,
    dir,
    apiserver: signCertificate(ca, { commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'], usage: 'client' }, now),
    stranger: signCertificate(other, { commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'], usage: 'client' }, now),
  };
}

export function identity(pair: KeyPair | undefined): ClientIdentity {
  return pair === undefined ? {} : { cert: pair.certPem, key: pair.keyPem };
}

export interface KubeletAnswer {
  status: number;
  contentType: string;
  body: string;
}

export function kubeletGet(port: number, path: string, who: ClientIdentity, method = 'GET', extra: { headers?: Record<string, string> } = {}): Promise<KubeletAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, rejectUnauthorized: false, ...who, ...extra }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads a streamed GET (a log follow) until `until` holds for what came, then hangs up. */
export function kubeletFollow(port: number, path: string, who: ClientIdentity, until: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${path} did not stream what was awaited within ${timeoutMs} ms; got: ${text}`));
    }, timeoutMs);
    const req = request({ host: '127.0.0.1', port, path, rejectUnauthorized: false, ...who }, (res) => {
      res.on('data', (c: Buffer) => {
        text += c.toString();
        if (!until(text)) return;
        clearTimeout(timer);
        req.destroy();
        resolve(text);
      });
    });
    req.on('error', (err) => (text === '' ? reject(err) : undefined));
    req.end();
  });
}

export interface SpdyExecResult {
  stdout: string;
  stderr: string;
  /** What the error stream carried (v4: a Status JSON). */
  error: string;
}

/** exec as the API server dials it: SPDY with the streams client-go opens (error first), stdin written and closed. */
export async function spdyExec(port: number, path: string, who: ClientIdentity, options: { protocol?: string; stdin?: string; terminal?: { Width: number; Height: number } } = {}): Promise<SpdyExecResult> {
  const answer = await spdyUpgrade({ host: '127.0.0.1', port, ...who }, path, { 'X-Stream-Protocol-Version': [options.protocol ?? 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io'] });
  if (answer.client === undefined) throw new Error(`exec upgrade refused: ${answer.status} ${answer.body}`);
  const client = answer.client;
  try {
    const error = await client.open({ streamType: 'error' }, true);
    const streams: SpdyClientStream[] = [error];
    let stdin: SpdyClientStream | undefined;
    if (options.stdin !== undefined) stdin = await client.open({ streamType: 'stdin' });
    const stdout = await client.open({ streamType: 'stdout' }, true);
    const stderr = path.includes('error=1') ? await client.open({ streamType: 'stderr' }, true) : undefined;
    if (options.terminal !== undefined) (await client.open({ streamType: 'resize' })).write(`${JSON.stringify(options.terminal)}\n`);
    streams.push(stdout, ...(stderr ? [stderr] : []));
    if (stdin !== undefined && options.stdin !== undefined) {
      stdin.write(options.stdin);
      stdin.end();
    }
    await Promise.race([Promise.all(streams.map((s) => s.ended())), new Promise((_, reject) => setTimeout(() => reject(new Error('exec streams did not end within 30 s')), 30_000))]);
    return { stdout: stdout.text(), stderr: stderr?.text() ?? '', error: error.text() };
  } finally {
    client.close();
  }
}

/** exec over a WebSocket (`v5.channel.k8s.io`, `v4…`, `channel.k8s.io`, the base64 ones), as a client dialling the kubelet itself: output by channel until the server closes. */
export function webSocketExec(port: number, path: string, who: ClientIdentity, protocol: string, stdin?: string): Promise<{ protocol: string; channels: Record<number, string> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}${path}`, [protocol], { rejectUnauthorized: false, ...who });
    const channels: Record<number, string> = {};
    const base64 = protocol.includes('base64');
    ws.on('open', () => {
      if (stdin === undefined) return;
      ws.send(base64 ? `0${Buffer.from(stdin).toString('base64')}` : Buffer.concat([Buffer.from([0]), Buffer.from(stdin)]));
      // v5 half-closes stdin; v4 has no way to: the command must end by itself.
      if (protocol.startsWith('v5')) ws.send(Buffer.from([255, 0]));
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (data.length === 0) return;
      const [channel, payload] = isBinary ? [data[0]!, data.subarray(1)] : [data[0]! - 48, Buffer.from(data.subarray(1).toString(), 'base64')];
      channels[channel] = (channels[channel] ?? '') + payload.toString();
    });
    ws.on('close', () => resolve({ protocol: ws.protocol, channels }));
    ws.on('error', reject);
  });
}

/** One port-forward request over SPDY (error and data streams, as kubectl opens them): sends `send`, returns what came back before the pod closed. */
export async function spdyPortForward(port: number, path: string, who: ClientIdentity, podPort: number, send: string): Promise<{ data: string; error: string }> {
  const answer = await spdyUpgrade({ host: '127.0.0.1', port, ...who }, path, { 'X-Stream-Protocol-Version': 'portforward.k8s.io' });
  if (answer.client === undefined) throw new Error(`port-forward upgrade refused: ${answer.status} ${answer.body}`);
  const client = answer.client;
  try {
    const headers = { port: String(podPort), requestID: '0' };
    const error = await client.open({ ...headers, streamType: 'error' }, true);
    const data = await client.open({ ...headers, streamType: 'data' });
    data.write(send);
    data.end();
    await Promise.race([data.ended(), new Promise((_, reject) => setTimeout(() => reject(new Error('port-forward data did not end within 30 s')), 30_000))]);
    return { data: data.text(), error: error.text() };
  } finally {
    client.close();
  }
}
