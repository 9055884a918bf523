import pino, { type Logger } from 'pino';

/** pino's numeric levels. */
const WARN = 40;

/**
 * The embedded agent's log line (pino JSON) as one line for a developer: `Failed to sync pod
 * (pod default/web): connect ENOENT` — the message, the pod and container it is about, the error.
 * Undefined for a line below warn or one that is not pino's.
 */
export function formatAgentLogLine(json: string): { level: 'warn' | 'error'; text: string } | undefined {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const level = typeof entry['level'] === 'number' ? entry['level'] : 0;
  if (level < WARN || typeof entry['msg'] !== 'string') return undefined;
  const about = ['pod', 'container', 'file'].map((k) => entry[k]).filter((v): v is string => typeof v === 'string');
  const err = entry['err'] as { message?: unknown } | undefined;
  const reason = typeof err?.message === 'string' ? err.message : typeof entry['reason'] === 'string' ? entry['reason'] : undefined;
  const text = `${entry['msg']}${about.length > 0 ? ` (${about.join(' ')})` : ''}${reason ? `: ${reason}` : ''}`;
  return { level: level > WARN ? 'error' : 'warn', text };
}

/** The agent's logger for play: only warnings and errors, each one line on stderr through `sink`. */
export function createAgentLogger(quiet: boolean, sink: { warn(line: string): void; error(line: string): void }): Logger {
  return pino(
    { level: quiet ? 'error' : 'warn' },
    {
      write(line: string) {
        const formatted = formatAgentLogLine(line);
        if (formatted) sink[formatted.level](formatted.text);
      },
    },
  );
}
