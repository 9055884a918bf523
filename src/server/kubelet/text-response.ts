/** The kubelet answers its own failures in plain text (Go's `http.Error`); the API server relays the text to kubectl. */
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

export function sendText(res: ServerResponse, code: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/** A whole HTTP/1.1 response, for a socket taken over by an upgrade request. */
export function rawTextResponse(code: number, text: string, headers: Record<string, string> = {}): string {
  const body = `${text}\n`;
  return [
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
