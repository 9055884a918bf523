import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ManifestSnapshot, ManifestSource } from './manifest-source.js';
import { VANISHED_FILE_GRACE_MS } from './scan-timing.js';
import { OWNER_RECORD_FILE } from './owner-record.js';

const podYaml = (name: string, command = 'sleep 1') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - {name: main, image: busybox, command: [sh, -c, "${command}"]}\n`;

/** A source on a temp dir with a hand-moved clock and timers that run only when the test says. */
class Harness {
  nowMs = 1000;
  readonly timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  readonly emitted: ManifestSnapshot[] = [];
  source: ManifestSource;
  constructor(readonly dir: string, readonly ownersFile: string | undefined) {
    this.source = this.make();
  }
  make(): ManifestSource {
    return new ManifestSource({
      dir: this.dir, nodeName: 'node', rescanMs: 20_000, log: pino({ level: 'silent' }), now: () => this.nowMs,
      onChange: (s) => this.emitted.push(s),
      ...(this.ownersFile ? { ownersFile: this.ownersFile } : {}),
      schedule: (fn, ms) => {
        const timer = { at: this.nowMs + ms, fn, cancelled: false };
        this.timers.push(timer);
        return () => (timer.cancelled = true);
      },
    });
  }
  /** Moves the clock on and runs the timers due (the debounce and grace scans). */
  tick(ms: number): void {
    this.nowMs += ms;
    const due = this.timers.filter((t) => !t.cancelled && t.at <= this.nowMs);
    for (const t of due) {
      this.timers.splice(this.timers.indexOf(t), 1);
      t.fn();
    }
  }
  /** tick, then a scan (as a watch event would start). */
  async advance(ms: number): Promise<void> {
    this.tick(ms);
    await this.source.scan();
  }
  graceScanAt(): number | undefined {
    return this.timers.filter((t) => !t.cancelled).map((t) => t.at).sort((a, b) => b - a)[0];
  }
  pods(): string[] {
    return this.source.snapshot().pods.map((p) => `${path.basename(p.file)}:${p.pod.metadata.name}:${p.pod.metadata.uid.slice(0, 8)}`);
  }
  write(name: string, text: string): Promise<void> {
    return writeFile(path.join(this.dir, name), text);
  }
}

describe('ManifestSource', () => {
  let dir: string;
  let root: string;
  let h: Harness;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'manifest-source-'));
    root = await mkdtemp(path.join(tmpdir(), 'manifest-source-root-'));
    h = new Harness(dir, path.join(root, OWNER_RECORD_FILE));
  });
  afterEach(async () => {
    h.source.stop();
    await Promise.all([dir, root].map((d) => rm(d, { recursive: true, force: true })));
  });

  describe('ownership of a duplicated pod name', () => {
    it('stays with the recorded owner after a restart, where file name order would favour the other file', async () => {
      await h.write('b.yaml', podYaml('web', 'sleep 2'));
      await h.source.scan();
      await h.write('a.yaml', podYaml('web'));
      await h.advance(10);
      const owner = h.pods();
      expect(owner).toEqual([expect.stringMatching(/^b\.yaml:web:/)]);
      h.source.stop();
      h.source = h.make(); // the agent restarted: every file is seen at the same moment
      await h.source.scan();
      expect(h.pods()).toEqual(owner);
      expect(h.source.snapshot().problems).toMatchObject([{ file: path.join(dir, 'a.yaml'), message: expect.stringContaining('already defined in b.yaml') }]);
    });

    it('hands the change on before the owner record reaches the disk, and writes the record before the scan ends', async () => {
      const recordedAtChange: unknown[] = [];
      h.source = new ManifestSource({
        dir, nodeName: 'node', rescanMs: 20_000, log: pino({ level: 'silent' }), now: () => h.nowMs, ownersFile: h.ownersFile!,
        onChange: () => recordedAtChange.push(readFileSync(h.ownersFile!, { encoding: 'utf8', flag: 'a+' })),
        schedule: () => () => undefined,
      });
      await h.write('a.yaml', podYaml('web'));
      await h.source.scan();
      expect(recordedAtChange).toEqual(['']);
      expect(JSON.parse(await readFile(h.ownersFile!, 'utf8'))).toEqual({ version: 1, owners: { 'default/web': path.join(dir, 'a.yaml') } });
    });

    it('keeps a duplicated ConfigMap with its recorded owner after a restart too', async () => {
      const cm = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: ${value}}\n`;
      await h.write('b.yaml', cm('from-b'));
      await h.source.scan();
      await h.write('a.yaml', cm('from-a'));
      await h.advance(10);
      h.source = h.make();
      await h.source.scan();
      expect(h.source.snapshot().objects).toMatchObject([{ kind: 'ConfigMap', data: { mode: 'from-b' } }]);
      expect(JSON.parse(await readFile(h.ownersFile!, 'utf8'))).toEqual({ version: 1, owners: { 'configmap/default/settings': path.join(dir, 'b.yaml') } });
    });

    it('keeps a duplicated Service with its recorded owner after a restart, and emits when a Service changes', async () => {
      const svc = (port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: ${port}}]\n`;
      await h.write('b.yaml', svc(80));
      await h.source.scan();
      await h.write('a.yaml', svc(81));
      await h.advance(10);
      h.source = h.make();
      await h.source.scan();
      expect(h.source.snapshot().services).toMatchObject([{ file: path.join(dir, 'b.yaml'), document: 0, object: { kind: 'Service', spec: { ports: [{ port: 80 }] } } }]);
      expect(JSON.parse(await readFile(h.ownersFile!, 'utf8'))).toEqual({ version: 1, owners: { 'service/default/web': path.join(dir, 'b.yaml') } });
      const emitted = h.emitted.length;
      await h.write('b.yaml', svc(82));
      await h.advance(10);
      expect(h.emitted).toHaveLength(emitted + 1);
      expect(h.emitted.at(-1)?.services[0]?.object).toMatchObject({ spec: { ports: [{ port: 82 }] } });
    });

    it('without a record, a restart gives the name to the first file by name (what the record prevents)', async () => {
      h = new Harness(dir, undefined);
      await h.write('b.yaml', podYaml('web', 'sleep 2'));
      await h.source.scan();
      await h.write('a.yaml', podYaml('web'));
      await h.advance(10);
      h.source = h.make();
      await h.source.scan();
      expect(h.pods()).toEqual([expect.stringMatching(/^a\.yaml:web:/)]);
    });

    it('frees the name when the owner file is removed (after the grace), and records the new owner', async () => {
      await h.write('b.yaml', podYaml('web', 'sleep 2'));
      await h.source.scan();
      await h.write('a.yaml', podYaml('web'));
      await h.advance(10);
      await rm(path.join(dir, 'b.yaml'));
      await h.advance(10);
      expect(h.pods()).toEqual([expect.stringMatching(/^b\.yaml:web:/)]);
      await h.advance(VANISHED_FILE_GRACE_MS);
      expect(h.pods()).toEqual([expect.stringMatching(/^a\.yaml:web:/)]);
      h.source = h.make();
      await h.write('b.yaml', podYaml('web', 'sleep 2')); // back after the restart: a.yaml keeps the name
      await h.source.scan();
      expect(h.pods()).toEqual([expect.stringMatching(/^a\.yaml:web:/)]);
    });
  });

  describe('editor saves', () => {
    let before: string[];
    beforeEach(async () => {
      await h.write('web.yaml', podYaml('web'));
      await h.source.scan();
      before = h.pods();
      expect(before).toHaveLength(1);
    });

    it('write-then-rename with the same content changes nothing', async () => {
      await h.write('.web.yaml.tmp', podYaml('web'));
      await rename(path.join(dir, '.web.yaml.tmp'), path.join(dir, 'web.yaml'));
      await h.advance(50);
      expect(h.pods()).toEqual(before);
    });

    it('write-then-rename with new content applies it at once', async () => {
      await h.write('.web.yaml.tmp', podYaml('web', 'sleep 9'));
      await rename(path.join(dir, '.web.yaml.tmp'), path.join(dir, 'web.yaml'));
      await h.advance(50);
      expect(h.pods()).toHaveLength(1);
      expect(h.pods()).not.toEqual(before);
    });

    it('delete-then-create keeps the pod through the grace; the same content changes nothing', async () => {
      await rm(path.join(dir, 'web.yaml'));
      await h.advance(50);
      expect(h.pods()).toEqual(before);
      expect(h.graceScanAt()).toBe(h.nowMs + VANISHED_FILE_GRACE_MS);
      await h.write('web.yaml', podYaml('web'));
      await h.advance(50);
      expect(h.pods()).toEqual(before);
      await h.advance(VANISHED_FILE_GRACE_MS);
      expect(h.pods()).toEqual(before);
      const uid = h.source.snapshot().pods[0]!.pod.metadata.uid;
      expect(h.emitted.map((s) => s.pods.map((p) => p.pod.metadata.uid))).toEqual(h.emitted.map(() => [uid]));
    });

    it('delete-then-create with new content applies it', async () => {
      await rm(path.join(dir, 'web.yaml'));
      await h.advance(50);
      await h.write('web.yaml', podYaml('web', 'sleep 9'));
      await h.advance(50);
      expect(h.pods()).toHaveLength(1);
      expect(h.pods()).not.toEqual(before);
    });

    it('a file that stays gone stops its pods when the grace ends, by the scan scheduled for it', async () => {
      await rm(path.join(dir, 'web.yaml'));
      await h.advance(50);
      await h.advance(VANISHED_FILE_GRACE_MS - 1);
      expect(h.pods()).toEqual(before);
      h.tick(1); // no watch event, no periodic rescan: only the scan the grace scheduled
      await vi.waitFor(() => expect(h.pods()).toEqual([]));
      expect(h.emitted.at(-1)?.pods).toEqual([]);
    });

    it('a file replaced by a link to nothing is gone after the grace, and no scan is scheduled at once after it', async () => {
      await rm(path.join(dir, 'web.yaml'));
      await symlink('/nonexistent/web.yaml', path.join(dir, 'web.yaml'));
      await h.advance(50);
      expect(h.pods()).toEqual(before);
      await h.advance(VANISHED_FILE_GRACE_MS);
      expect(h.pods()).toEqual([]);
      expect(h.timers.filter((t) => !t.cancelled && t.at <= h.nowMs + 1)).toEqual([]);
    });

    it('truncate-then-write keeps the pod while the file is empty, and the same content changes nothing', async () => {
      await h.write('web.yaml', '');
      await h.advance(50);
      expect(h.pods()).toEqual(before);
      expect(h.source.snapshot().problems).toEqual([]);
      await h.write('web.yaml', podYaml('web'));
      await h.advance(500);
      expect(h.pods()).toEqual(before);
      await h.advance(VANISHED_FILE_GRACE_MS);
      expect(h.pods()).toEqual(before);
    });

    it('truncate-then-write with new content applies it', async () => {
      await h.write('web.yaml', '');
      await h.advance(50);
      await h.write('web.yaml', podYaml('web', 'sleep 9'));
      await h.advance(50);
      expect(h.pods()).toHaveLength(1);
      expect(h.pods()).not.toEqual(before);
    });

    it('a file that stays empty runs no pods after the grace, with a warning', async () => {
      await h.write('web.yaml', '# nothing here yet\n');
      await h.advance(50);
      expect(h.pods()).toEqual(before);
      await h.advance(VANISHED_FILE_GRACE_MS);
      expect(h.pods()).toEqual([]);
      expect(h.source.snapshot().problems).toMatchObject([{ severity: 'warning', message: expect.stringContaining('runs nothing') }]);
    });

    it('a file that fails to parse still keeps its last good pods, past the grace', async () => {
      await h.write('web.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: web\n');
      await h.advance(50);
      await h.advance(VANISHED_FILE_GRACE_MS * 2);
      expect(h.pods()).toEqual(before);
      expect(h.source.snapshot().problems).toMatchObject([{ severity: 'error', file: path.join(dir, 'web.yaml') }]);
    });
  });

  it('reads every file of a directory larger than one batch of reads', async () => {
    const names = Array.from({ length: 19 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    await Promise.all(names.map((name) => h.write(`${name}.yaml`, podYaml(name))));
    // The same name in the last batch: the first file keeps it.
    await h.write('zz.yaml', podYaml('p00'));
    await h.source.scan();
    expect(h.source.snapshot().pods.map((p) => path.basename(p.file))).toEqual(names.map((name) => `${name}.yaml`));
    expect(h.source.snapshot().problems).toMatchObject([{ file: path.join(dir, 'zz.yaml'), message: expect.stringContaining('already defined in p00.yaml') }]);
  });

  it('a new empty file runs nothing at once, with a warning once it stays empty past the write burst', async () => {
    await h.write('new.yaml', '');
    await h.source.scan();
    expect(h.pods()).toEqual([]);
    // Just written: maybe still being written (`cat > new.yaml`), so read again before reporting.
    expect(h.source.snapshot().problems).toEqual([]);
    await h.advance(50);
    expect(h.pods()).toEqual([]);
    expect(h.source.snapshot().problems).toMatchObject([{ severity: 'warning', file: path.join(dir, 'new.yaml') }]);
  });

  it('reports no error for a file read half-written, and runs it once complete', async () => {
    const full = podYaml('half');
    await h.write('half.yaml', full.slice(0, full.indexOf('containers:') + 'containers:\n  - name'.length));
    await h.source.scan();
    expect(h.source.snapshot().problems).toEqual([]);
    await h.write('half.yaml', full);
    await h.advance(50);
    expect(h.source.snapshot().problems).toEqual([]);
    expect(h.pods()).toEqual([expect.stringMatching(/^half\.yaml:half:/)]);
  });
});
