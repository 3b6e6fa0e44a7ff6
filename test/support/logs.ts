// A pino logger whose lines a test can read: JSON objects, as an operator's collector sees them.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../lib/logger';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line written so far, as written. */
  text(): string;
}

/** A JSON logger at `level` that keeps its lines in memory. */
export function captureLogs(level: 'debug' | 'info' | 'warn' | 'error' = 'debug'): CapturedLogs {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ LOG_LEVEL: level, LOG_FORMAT: 'json', NODE_ENV: 'test' }, sink);
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
