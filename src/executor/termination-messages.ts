import { open } from 'node:fs/promises';
import type { Pod } from '../api/pod-types.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { ObservedContainer } from '../runtime/types.js';
import { terminationMessageFile } from '../volumes/pod-dirs.js';

/** kubelet kuberuntime_container.go: the file is read up to 4096 bytes; the log fallback is 80 lines / 2048 bytes. */
const MAX_FILE_BYTES = 4096;
const FALLBACK_LINES = 80;
const FALLBACK_BYTES = 2048;

async function readHead(file: string, max: number): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(max);
    const { bytesRead } = await handle.read(buffer, 0, max, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function logTail(runtime: ContainerRuntime, id: string): Promise<string> {
  const stream = await runtime.logs(id, { follow: false, tail: FALLBACK_LINES, timestamps: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  const all = Buffer.concat(chunks);
  return all.subarray(Math.max(0, all.length - FALLBACK_BYTES)).toString('utf8');
}

/**
 * Fills `terminationMessage` of the pod's exited containers: the file the container wrote at its
 * terminationMessagePath, or, with FallbackToLogsOnError, an empty file and a non-zero exit, the
 * tail of its log. Results are cached by container id: an exited container never changes.
 */
export class TerminationMessages {
  /** By pod UID, then container id; only the pod's current containers are kept. */
  private readonly cache = new Map<string, Map<string, string>>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly rootDir: string,
  ) {}

  async fill(pod: Pod, containers: readonly ObservedContainer[]): Promise<void> {
    const specs = new Map([...pod.spec.initContainers, ...pod.spec.containers].map((c) => [c.name, c]));
    const previous = this.cache.get(pod.metadata.uid) ?? new Map<string, string>();
    const current = new Map<string, string>();
    this.cache.set(pod.metadata.uid, current);
    for (const c of containers) {
      if (c.kind === 'sandbox' || c.state !== 'exited') continue;
      let message = previous.get(c.id);
      if (message === undefined) {
        message = await readHead(terminationMessageFile(this.rootDir, c.podUid, c.containerName, c.attempt), MAX_FILE_BYTES);
        const policy = specs.get(c.containerName)?.terminationMessagePolicy;
        if (!message && policy === 'FallbackToLogsOnError' && c.exitCode !== 0) {
          message = await logTail(this.runtime, c.id).catch(() => '');
        }
      }
      current.set(c.id, message);
      if (message) c.terminationMessage = message;
    }
  }

  forget(podUid: string): void {
    this.cache.delete(podUid);
  }
}
