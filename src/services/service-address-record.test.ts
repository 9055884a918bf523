import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceAddressRecord } from './service-address-record.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'service-ips-'));
  file = path.join(dir, 'service-ips.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ServiceAddressRecord', () => {
  it('writes the record (mode 0640, sorted) and reads it back in a new agent', async () => {
    const record = new ServiceAddressRecord(file, pino({ level: 'silent' }));
    await record.current();
    await record.update(new Map([['default/web', { clusterIP: '10.96.0.20', nodePorts: { '80/TCP': 30080 } }], ['default/db', { clusterIP: 'None', nodePorts: {} }]]));
    expect(Object.keys((JSON.parse(await readFile(file, 'utf8')) as { services: object }).services)).toEqual(['default/db', 'default/web']);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    const again = await new ServiceAddressRecord(file, pino({ level: 'silent' })).current();
    expect(again.get('default/web')).toEqual({ clusterIP: '10.96.0.20', nodePorts: { '80/TCP': 30080 } });
  });

  it.each([
    ['not JSON', '{'],
    ['another version', '{"version": 2, "services": {}}'],
  ])('starts empty, with a warning, from a record that is %s', async (_why, text) => {
    await writeFile(file, text);
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    expect((await new ServiceAddressRecord(file, log).current()).size).toBe(0);
    expect(lines.join('')).toContain('Ignored an unreadable or invalid Service address record');
  });

  it('skips entries it cannot read and keeps the others', async () => {
    await writeFile(file, JSON.stringify({ version: 1, services: { 'default/a': { clusterIP: 7 }, 'default/b': { clusterIP: '10.96.0.9', nodePorts: { '80/TCP': 'x', '81/TCP': 30081 } } } }));
    const book = await new ServiceAddressRecord(file, pino({ level: 'silent' })).current();
    expect([...book]).toEqual([['default/b', { clusterIP: '10.96.0.9', nodePorts: { '81/TCP': 30081 } }]]);
  });
});
