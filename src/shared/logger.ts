import pino, { type Logger } from 'pino';

/**
 * The one root logger: pino JSON, pretty when stdout is a terminal. Components take
 * `child({ component })`, pods `child({ pod, podUid })`; errors go under `err`.
 */
export function createLogger(level: string): Logger {
  if (process.stdout.isTTY) {
    return pino({ level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino({ level });
}
