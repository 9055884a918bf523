import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { type RecordMessages, readJsonRecord, writeJsonRecord } from '../shared/json-record.js';
import type { ServiceAddressBook, ServiceAddresses } from './allocate-service-addresses.js';

/** Under the agent's root dir: the ClusterIP and node ports each Service holds. */
export const SERVICE_ADDRESS_RECORD_FILE = 'service-ips.json';
/** The record's `services`: `namespace/name` → `{ clusterIP, nodePorts: { "80/TCP": 30080 } }`. */
const FIELD = 'services';
const MESSAGES: RecordMessages = {
  unreadable: 'Ignored an unreadable or invalid Service address record; Services get their addresses anew',
  unwritable: 'Failed to record the Services\' addresses; an agent restart may give a Service another address',
};

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
    await writeJsonRecord(this.file, FIELD, next, this.log, MESSAGES);
  }

  private async read(file: string): Promise<Map<string, ServiceAddresses>> {
    const services = (await readJsonRecord(file, FIELD, this.log, MESSAGES)) as Record<string, Partial<ServiceAddresses> | null> | undefined;
    const book = new Map<string, ServiceAddresses>();
    for (const [ref, entry] of Object.entries(services ?? {})) {
      if (typeof entry?.clusterIP !== 'string' || typeof entry.nodePorts !== 'object' || entry.nodePorts === null) continue;
      const nodePorts = Object.fromEntries(Object.entries(entry.nodePorts).filter((e): e is [string, number] => Number.isInteger(e[1])));
      book.set(ref, { clusterIP: entry.clusterIP, nodePorts });
    }
    return book;
  }
}
