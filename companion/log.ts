// Structured logs (pino) on stderr: level, job and url fields, never secrets. On a terminal the lines are
// pretty-printed for people; elsewhere they stay JSON for machines.
import { pino, type Logger } from 'pino';

export type { Logger };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

// Field names whose values must never reach a log line, wherever they appear in a logged object.
const REDACT = [
  'token', '*.token', 'pairingCode', '*.pairingCode', 'password', '*.password', 'authorization', '*.authorization',
  'headers.cookie', '*.headers.cookie', 'AWS_SECRET_ACCESS_KEY', '*.AWS_SECRET_ACCESS_KEY', 'FTP_PASSWORD', '*.FTP_PASSWORD',
];

export function createLogger(options: { level?: LogLevel; pretty?: boolean } = {}): Logger {
  const level = options.level ?? ((process.env.GLEANER_LOG_LEVEL as LogLevel | undefined) ?? 'info');
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const redact = { paths: REDACT, censor: '***' };
  if (pretty) {
    return pino({
      level,
      redact,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, redact, base: undefined }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything, for library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
