import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DnsForwarder } from './dns-forwarder.js';

describe('DnsForwarder upstreams', () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the nameservers of the resolv.conf, loopback ones too, without the excluded cluster DNS', async () => {
    dir = await mkdtemp(join(tmpdir(), 'forwarder-'));
    const file = join(dir, 'resolv.conf');
    await writeFile(file, '# systemd-resolved\nnameserver 127.0.0.53\nnameserver 10.96.0.10 # ourselves\nsearch lan\nnameserver 192.0.2.1\n');
    expect(await new DnsForwarder({ resolvConf: file, exclude: ['10.96.0.10'] }).upstreams()).toEqual(['127.0.0.53', '192.0.2.1']);
  });

  it('has no upstream, so answers nothing, when the file is missing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'forwarder-'));
    const forwarder = new DnsForwarder({ resolvConf: join(dir, 'none') });
    expect(await forwarder.upstreams()).toEqual([]);
    expect(await forwarder.forward(Buffer.from([0, 1, 0, 0]), false)).toBeUndefined();
  });
});
