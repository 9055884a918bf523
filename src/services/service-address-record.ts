import { open, readFile, rename, rm } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { ServiceAddressBook, ServiceAddresses } from './allocate-service-addresses.js';

/** Under the agent's root dir: the ClusterIP and node ports each Service holds. */
export const SERVICE_ADDRESS_RECORD_FILE = 'service-ips.json';
const RECORD_MODE = 0o640;

interface RecordFile {
  version: 1;
  /** `namespace/name` → `{ clusterIP, nodePorts: { "80/TCP": 30080 } }`. */
  services: Record<string, ServiceAddresses>;
}

/**
 * The addresses given to Services, kept on disk (written to a temporary file, synced, renamed over
 * the record, as `owner-record.ts` does) so that an agent restart or a reboot gives every Service
 * the address it had: the API server keeps them in etcd, one node keeps them here. A lost or
 * unreadable record only falls back to the allocator's stable choice (a hash of the name), so most
 * Services still get the same address; a failed write is logged and the record in memory goes on.
 */
export class ServiceAddressRecord {
  private book = new Map<string, ServiceAddresses>();
  private loaded = false;

  /** `file` undefined: in memory only (unit tests, `play`). */
  constructor(private readonly file: string | undefined, private readonly log: Logger) {}

  async current(): Promise<ServiceAddressBook> {
    if (!this.loaded) {
      this.loaded = true;
      if (this.file !== undefined) this.book = await this.read(this.file);
    }
    return this.book;
  }

  async update(next: ServiceAddressBook): Promise<void> {
    if (this.loaded && isDeepStrictEqual(this.book, next)) return;
    this.loaded = true;
    this.book = new Map(next);
    if (this.file === undefined) return;
    const body: RecordFile = { version: 1, services: Object.fromEntries([...next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    const temp = `${this.file}.tmp`;
    try {
      const handle = await open(temp, 'w', RECORD_MODE);
      try {
        await handle.chmod(RECORD_MODE);
        await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      this.log.warn({ err, file: this.file }, 'Failed to record the Services\' addresses; an agent restart may give a Service another address');
    }
  }

  private async read(file: string): Promise<Map<string, ServiceAddresses>> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn({ err, file }, 'Cannot read the Service address record; Services get their addresses anew');
      return new Map();
    }
    try {
      const parsed = JSON.parse(text) as Partial<RecordFile> | null;
      if (parsed?.version !== 1 || typeof parsed.services !== 'object' || parsed.services === null) throw new Error('not a version 1 Service address record');
      const book = new Map<string, ServiceAddresses>();
      for (const [ref, entry] of Object.entries(parsed.services)) {
        if (typeof entry?.clusterIP !== 'string' || typeof entry.nodePorts !== 'object' || entry.nodePorts === null) continue;
        const nodePorts = Object.fromEntries(Object.entries(entry.nodePorts).filter((e): e is [string, number] => Number.isInteger(e[1])));
        book.set(ref, { clusterIP: entry.clusterIP, nodePorts });
      }
      return book;
    } catch (err) {
      this.log.warn({ err, file }, 'Ignored an invalid Service address record; Services get their addresses anew');
      return new Map();
    }
  }
}
