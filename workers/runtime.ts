// The Temporal runtime of a worker process, installed once before any connection: the SDK's
// logger (workflow, activity and Core's forwarded logs) routed into pino, and Core's own
// Prometheus exporter (worker metrics: task slots, polls, latencies) on its own port.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};
const CORE_LEVEL: Record<Config['LOG_LEVEL'], LogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
};

// What the SDK's metadata may add to a line: ids, types, counts. Anything else (payloads,
// failure details, task tokens) stays out.
const KEPT = [
  'sdkComponent',
  'namespace',
  'taskQueue',
  'workflowId',
  'runId',
  'workflowType',
  'activityId',
  'activityType',
  'attempt',
  'isLocal',
  'durationMs',
];

/** The case a workflow id belongs to: `case-<id>` or `partner-feed:<partner>:<id>`. */
export function caseIdOf(workflowId: unknown): string | undefined {
  if (typeof workflowId !== 'string') return undefined;
  const match =
    /^case-(C-[0-9A-Z]+)$/.exec(workflowId) ?? /^partner-feed:[^:]+:(C-[0-9A-Z]+)$/.exec(workflowId);
  return match?.[1];
}

/** The SDK's metadata reduced to what may be logged, with the case id and the run id named plainly. */
export function temporalFields(meta: LogMetadata | undefined): Record<string, unknown> {
  if (!meta) return {};
  const fields: Record<string, unknown> = {};
  for (const key of KEPT) if (meta[key] !== undefined) fields[key] = meta[key];
  if (fields.runId === undefined && meta.workflowRunId !== undefined) fields.runId = meta.workflowRunId;
  const caseId = caseIdOf(meta.workflowId);
  if (caseId) fields.caseId = caseId;
  const error = meta.error ?? meta.failure;
  if (error instanceof Error)
    fields.error = { type: error.name, message: error.message.split('\n')[0]!.slice(0, 300) };
  return fields;
}

/** A Temporal Logger that writes into pino. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.logger[LEVELS[level]]({ temporal: true, ...temporalFields(meta) }, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Installs the runtime (once per process, before the first NativeConnection). `shutdownSignals`
 * empty: the entry point decides the order of shutdown.
 */
export function installTemporalRuntime(config: Config, logger: Logger): { metricsUrl: string } {
  const bindAddress = `${config.METRICS_HOST}:${config.TEMPORAL_METRICS_PORT}`;
  Runtime.install({
    logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })),
    shutdownSignals: [],
    telemetryOptions: {
      logging: { forward: {}, filter: { core: CORE_LEVEL[config.LOG_LEVEL], other: 'ERROR' } },
      metrics: { prometheus: { bindAddress, countersTotalSuffix: true, useSecondsForDurations: true } },
    },
  });
  return { metricsUrl: `http://${bindAddress}/metrics` };
}
