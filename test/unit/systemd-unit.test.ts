import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/agent-harness.js';

const UNIT = join(REPO_ROOT, 'deploy/systemd/minikubelet.service');

/** `Key=value` lines of the unit, later ones appended (as systemd reads list settings). */
function directives(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) map.set(match[1]!, [...(map.get(match[1]!) ?? []), match[2]!]);
  }
  return map;
}

describe('deploy/systemd/minikubelet.service', () => {
  it('passes systemd-analyze verify', async () => {
    // verify insists that ExecStart's program exists: point it at this checkout's bin/minikubelet,
    // which `npm install -g` puts on systemd's search path as `minikubelet`.
    const text = await readFile(UNIT, 'utf8');
    expect(text).toMatch(/^ExecStart=minikubelet run /m);
    const dir = await mkdtemp(join(tmpdir(), 'minikubelet-unit-'));
    try {
      const copy = join(dir, 'minikubelet.service');
      await writeFile(copy, text.replace(/^ExecStart=minikubelet /m, `ExecStart=${join(REPO_ROOT, 'bin/minikubelet')} `));
      const { stdout, stderr } = await promisify(execFile)('systemd-analyze', ['verify', '--man=no', copy]);
      expect(stdout + stderr).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('asks for readiness and watchdog notifications, restarts always and leaves pods running when stopped', async () => {
    const unit = directives(await readFile(UNIT, 'utf8'));
    expect(unit.get('Type')).toEqual(['notify']);
    expect(unit.get('NotifyAccess')).toEqual(['all']);
    expect(unit.get('WatchdogSec')).toEqual(['30s']);
    expect(unit.get('Restart')).toEqual(['always']);
    expect(unit.get('KillMode')).toEqual(['process']);
    expect(unit.get('After')?.join(' ')).toContain('docker.service');
    expect(unit.get('Wants')?.join(' ')).toContain('docker.service');
    expect(unit.get('ExecStart')).toEqual(['minikubelet run --config /etc/minikubelet/config.yaml']);
  });

  it('keeps the host mount namespace, so the tmpfs of a Memory emptyDir is visible to dockerd', async () => {
    const unit = directives(await readFile(UNIT, 'utf8'));
    // Each of these makes systemd give the service a mount namespace of its own (exec_needs_mount_namespace).
    const namespacing = ['ProtectSystem', 'ProtectHome', 'PrivateTmp', 'PrivateDevices', 'PrivateMounts', 'ProtectKernelTunables',
      'ProtectKernelModules', 'ProtectKernelLogs', 'ProtectControlGroups', 'ReadWritePaths', 'ReadOnlyPaths', 'InaccessiblePaths',
      'BindPaths', 'TemporaryFileSystem', 'MountFlags'];
    expect(namespacing.filter((key) => unit.has(key))).toEqual([]);
  });
});
