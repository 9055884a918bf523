/**
 * systemd's `Type=notify` readiness and watchdog (the sd_notify protocol: datagrams of
 * `KEY=VALUE` lines sent to the unix socket named by `$NOTIFY_SOCKET`).
 *
 * Node has no unix datagram sockets, and the npm packages that add them (`unix-dgram`, `sd-notify`)
 * are native addons built by install scripts, which npm 11 skips unless allowed and the agent image
 * build runs with `--ignore-scripts`. So the agent runs systemd's own `systemd-notify`, present
 * wherever systemd is: it sends the datagram with the agent's PID as sender (it passes its parent's
 * PID when privileged) and waits until systemd has processed it, so `NotifyAccess=all` attributes it
 * to the unit even when the helper has exited (systemd-notify(1)).
 */
import { execFile } from 'node:child_process';
import type { Logger } from 'pino';

export interface SystemdNotifier {
  /** Sends READY=1 (and a STATUS line for `systemctl status`). */
  ready(status: string): Promise<void>;
  /** Sends WATCHDOG=1 at once, then every half watchdog period; returns the function that stops it. */
  startWatchdog(): () => void;
}

/** Runs `systemd-notify` with these assignments; rejects when it fails. */
export type NotifyRunner = (assignments: string[], env: NodeJS.ProcessEnv) => Promise<void>;

/**
 * The notifier, or undefined when the agent was not started by systemd with `Type=notify` (no
 * NOTIFY_SOCKET): then readiness and the watchdog are simply not reported.
 */
export function createSystemdNotifier(env: NodeJS.ProcessEnv, log: Logger, run: NotifyRunner = runSystemdNotify): SystemdNotifier | undefined {
  if (!env.NOTIFY_SOCKET) return undefined;
  let warned = false;
  const send = async (assignments: string[]): Promise<boolean> => {
    try {
      await run(assignments, env);
      return true;
    } catch (err) {
      // Once: a missing systemd-notify would otherwise warn at every watchdog tick.
      if (!warned) log.warn({ err, notifySocket: env.NOTIFY_SOCKET }, 'Failed to notify systemd');
      warned = true;
      return false;
    }
  };
  return {
    async ready(status) {
      if (await send(['READY=1', `STATUS=${status}`])) log.info({ status }, 'Notified systemd that the agent is ready');
    },
    startWatchdog() {
      const intervalMs = watchdogIntervalMs(env, process.pid);
      if (intervalMs === undefined) return () => undefined;
      let inFlight = false;
      const ping = () => {
        // A ping still waiting for systemd makes the next one pointless.
        if (inFlight) return;
        inFlight = true;
        void send(['WATCHDOG=1']).finally(() => (inFlight = false));
      };
      // At once: systemd's watchdog runs from the service's start, and the agent's own start (Node,
      // loading the agent, on a slow machine) has already used part of the period.
      ping();
      const timer = setInterval(ping, intervalMs);
      // The watchdog never keeps the agent alive by itself.
      timer.unref();
      log.info({ intervalMs }, 'Pinging the systemd watchdog');
      return () => clearInterval(timer);
    },
  };
}

/**
 * Half the watchdog period systemd asks for (sd_watchdog_enabled(3): WATCHDOG_USEC, for the
 * process WATCHDOG_PID names when set); undefined when no watchdog is asked of this process. The
 * timer pings from the event loop, so a wedged loop stops the pings and systemd restarts the agent.
 */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid: number): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isInteger(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID !== undefined && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 2 / 1000));
}

function runSystemdNotify(assignments: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // systemd-notify waits for systemd to take the message (at most 5 s); 10 s bounds a hang.
    execFile('systemd-notify', assignments, { env, timeout: 10_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`systemd-notify ${assignments.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve();
    });
  });
}
