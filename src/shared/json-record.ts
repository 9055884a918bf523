/**
 * The agent's small state records under its root dir (manifest owners, Service addresses, adopted
 * UIDs): one JSON object with a `version`, written whole to a temporary file, synced and renamed
 * over the record, so a crash or a full disk never leaves half a record. Reads and writes never
 * throw: a record that cannot be read or written is logged, and the caller's record in memory goes
 * on deciding (each record says what that costs).
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import type { Logger } from 'pino';

/** Names manifest files and addresses, nothing secret, but not for every local user. */
const RECORD_MODE = 0o640;

export interface RecordMessages {
  /** Logged when the file exists but cannot be read, or holds no valid record. */
  unreadable: string;
  /** Logged when the record cannot be written. */
  unwritable: string;
}

/**
 * The `field` of a version-1 record, or undefined when the file is missing (silently), unreadable
 * or not such a record (logged).
 */
export async function readJsonRecord(file: string, field: string, log: Logger, messages: RecordMessages): Promise<object | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, file }, messages.unreadable);
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Record<string, unknown> | null;
    const value = parsed?.[field];
    if (parsed?.version !== 1 || typeof value !== 'object' || value === null) throw new Error(`not a version 1 record with "${field}"`);
    return value;
  } catch (err) {
    log.warn({ err, file }, messages.unreadable);
    return undefined;
  }
}

/** Writes `{ version: 1, [field]: entries }`, its keys sorted, atomically; a failure is logged. */
export async function writeJsonRecord(file: string, field: string, entries: ReadonlyMap<string, unknown>, log: Logger, messages: RecordMessages): Promise<void> {
  const body = { version: 1, [field]: Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  const temp = `${file}.tmp`;
  try {
    const handle = await open(temp, 'w', RECORD_MODE);
    try {
      await handle.chmod(RECORD_MODE);
      await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    log.warn({ err, file }, messages.unwritable);
  }
}

/** The string values of a record's map (others dropped). */
export function stringEntries(value: object | undefined): Map<string, string> {
  return new Map(Object.entries(value ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
