// The process's structured logger (pino): one JSON object a line at LOG_LEVEL, or readable
// lines (pino-pretty) in development. Callers log ids, codes and counts, never a name, an
// email, a key or a body; as a last guard, anything shaped like an email address is masked.
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';

export type { Logger };

const EMAIL = /[^\s<>"'@,;:()]+@[^\s<>"'@,;:()]+\.[A-Za-z]{2,}/g;

/** Masks email addresses in a string (the last guard; callers should not log them at all). */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, '[email]');
}

function masked(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskEmails(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskEmails(value.message) };
  if (Array.isArray(value)) return value.map((item) => masked(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, masked(item, depth + 1)]));
}

/** The format in use: LOG_FORMAT, else pretty in development and JSON elsewhere. */
export function logFormat(config: Pick<Config, 'LOG_FORMAT' | 'NODE_ENV'>): 'json' | 'pretty' {
  return config.LOG_FORMAT ?? (config.NODE_ENV === 'development' ? 'pretty' : 'json');
}

/** Creates the process logger; tests pass their own destination to read the lines. */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'>,
  destination?: DestinationStream,
): Logger {
  const stream =
    destination ??
    (logFormat(config) === 'pretty'
      ? pretty({
          sync: true,
          colorize: Boolean(process.stdout.isTTY),
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => masked(arg)) as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
}

/** A logger that writes nothing (tests and tools that do not care). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
