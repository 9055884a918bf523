import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER_RECORD_FILE, OwnerRecord } from './owner-record.js';

const log = pino({ level: 'silent' });

describe('OwnerRecord', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'owner-record-'));
    file = path.join(dir, OWNER_RECORD_FILE);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts empty without a file, and a new instance reads back what was recorded', async () => {
    const record = new OwnerRecord(file, log);
    expect([...(await record.current())]).toEqual([]);
    await record.update(new Map([['default/web', '/m/b.yaml'], ['default/db', '/m/a.yaml']]));
    const reread = new OwnerRecord(file, log);
    expect(Object.fromEntries(await reread.current())).toEqual({ 'default/web': '/m/b.yaml', 'default/db': '/m/a.yaml' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, owners: { 'default/db': '/m/a.yaml', 'default/web': '/m/b.yaml' } });
  });

  it('writes the file mode 0640, through a temp file that does not stay behind', async () => {
    await new OwnerRecord(file, log).update(new Map([['default/web', '/m/a.yaml']]));
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    await expect(stat(`${file}.tmp`)).rejects.toThrow(/ENOENT/);
  });

  it('does not rewrite an unchanged record', async () => {
    const record = new OwnerRecord(file, log);
    await record.update(new Map([['default/web', '/m/a.yaml']]));
    await rm(file);
    await record.update(new Map([['default/web', '/m/a.yaml']]));
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('ignores an invalid record (the order of first sight decides again)', async () => {
    await writeFile(file, '{"version":1,"owners":');
    expect([...(await new OwnerRecord(file, log).current())]).toEqual([]);
    await writeFile(file, '{"version":7,"owners":{}}');
    expect([...(await new OwnerRecord(file, log).current())]).toEqual([]);
  });

  it('keeps deciding from memory when the record cannot be written', async () => {
    const record = new OwnerRecord(path.join(dir, 'missing-dir', OWNER_RECORD_FILE), log);
    await record.update(new Map([['default/web', '/m/a.yaml']]));
    expect(Object.fromEntries(await record.current())).toEqual({ 'default/web': '/m/a.yaml' });
  });
});
