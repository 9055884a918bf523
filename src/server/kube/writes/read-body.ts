/**
 * The body of a write: at most 3 MiB (the API server's limit), JSON (what kubectl sends) or YAML,
 * by its Content-Type. Patches keep their own type (`apply-patch.ts`).
 */
import type { IncomingMessage } from 'node:http';
import { parse } from 'yaml';
import type { Failure } from '../../status-object.js';
import { badRequest } from './write-failures.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

export async function readBody(req: IncomingMessage): Promise<Buffer | Failure> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { code: 413, reason: 'RequestEntityTooLarge', message: `the request body is larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body as a value: JSON, or YAML for `application/yaml`. */
export function decodeBody(body: Buffer, type: string): unknown {
  const text = body.toString('utf8');
  try {
    if (type === 'application/yaml' || type === 'application/apply-patch+yaml') return parse(text) as unknown;
    return JSON.parse(text) as unknown;
  } catch (err) {
    return badRequest(`the request body is not valid ${type.includes('yaml') ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
}

export function isFailureValue(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value && 'message' in value && !('kind' in value);
}
