import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemdNotifier, watchdogIntervalMs } from './systemd-notify.js';

const silent = pino({ level: 'silent' });

/** systemd's end of the protocol: a unix datagram socket printing each message on one line. */
const LISTENER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    print(s.recv(65536).decode().replace("\\n", "|"), flush=True)
`;

interface Listener {
  socket: string;
  messages: string[];
  process: ChildProcess;
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function listen(): Promise<Listener> {
  const dir = await mkdtemp(join(tmpdir(), 'minikubelet-notify-'));
  const socket = join(dir, 'notify.sock');
  const child = spawn('python3', ['-c', LISTENER, socket], { stdio: ['ignore', 'pipe', 'inherit'] });
  const messages: string[] = [];
  cleanups.push(async () => {
    child.kill();
    await rm(dir, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (line === 'LISTENING') resolve();
        else messages.push(line);
      }
    });
  });
  return { socket, messages, process: child };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

// Real processes (python3, systemd-notify): generous time on a busy machine.
describe('systemd notifications through systemd-notify', { timeout: 30_000 }, () => {
  it('sends READY=1 with a status line to $NOTIFY_SOCKET', async () => {
    const listener = await listen();
    const notifier = createSystemdNotifier({ ...process.env, NOTIFY_SOCKET: listener.socket }, silent)!;
    await notifier.ready('Synced 3 pods');
    await until(() => listener.messages.includes('READY=1|STATUS=Synced 3 pods'), 'READY=1');
  });

  it('pings WATCHDOG=1 at half the period WATCHDOG_USEC asks for, until stopped', async () => {
    const listener = await listen();
    const env = { ...process.env, NOTIFY_SOCKET: listener.socket, WATCHDOG_USEC: '300000', WATCHDOG_PID: String(process.pid) };
    const stop = createSystemdNotifier(env, silent)!.startWatchdog();
    const pings = () => listener.messages.filter((m) => m === 'WATCHDOG=1').length;
    await until(() => pings() >= 3, 'three watchdog pings');
    stop();
    // A ping already under way may still land; none may start after it.
    await new Promise((r) => setTimeout(r, 1500));
    const after = pings();
    await new Promise((r) => setTimeout(r, 600));
    expect(pings()).toBe(after);
  });
});

describe('createSystemdNotifier', () => {
  it('pings the watchdog at once, not a half period after its start (which the agent\'s own start has used part of)', async () => {
    const sent: string[][] = [];
    const env = { NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '30000000', WATCHDOG_PID: String(process.pid) };
    const stop = createSystemdNotifier(env, silent, (assignments) => (sent.push(assignments), Promise.resolve()))!.startWatchdog();
    stop();
    expect(sent).toEqual([['WATCHDOG=1']]);
  });

  it('is undefined when systemd did not ask for notifications', () => {
    expect(createSystemdNotifier({}, silent)).toBeUndefined();
  });

  it('warns once, not at every ping, when systemd-notify fails', async () => {
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const notifier = createSystemdNotifier({ NOTIFY_SOCKET: '/run/nowhere' }, log, () => Promise.reject(new Error('spawn systemd-notify ENOENT')))!;
    await notifier.ready('x');
    await notifier.ready('x');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Failed to notify systemd');
  });
});

describe('watchdogIntervalMs', () => {
  it.each<[string, NodeJS.ProcessEnv, number | undefined]>([
    ['no watchdog', {}, undefined],
    ['a 30 s watchdog', { WATCHDOG_USEC: '30000000' }, 15_000],
    ['a watchdog for this process', { WATCHDOG_USEC: '2000000', WATCHDOG_PID: '42' }, 1000],
    ['a watchdog for another process', { WATCHDOG_USEC: '2000000', WATCHDOG_PID: '43' }, undefined],
    ['a malformed period', { WATCHDOG_USEC: 'soon' }, undefined],
  ])('is right for %s', (_, env, expected) => {
    expect(watchdogIntervalMs(env, 42)).toBe(expected);
  });
});
