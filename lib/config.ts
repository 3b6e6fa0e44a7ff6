// Process configuration, parsed once with zod. A bad or missing value stops the process with
// a message that names the variable. Every variable is listed in the README's table.
import { z } from 'zod';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((value) => protocols.some((p) => value.startsWith(`${p}:`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })
    .optional();

/**
 * WORKER_CACHE_MB's default (228 cases): with `npm run worker`'s heap limit and malloc arenas,
 * the worker stays under 600 MB from 1,000 to 20,000 open cases (bench/RESULTS.md).
 */
export const DEFAULT_WORKER_CACHE_MB = 80;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** `json` (one object a line) or `pretty` (readable lines); unset = pretty in development, json otherwise. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Folder for the embedded database, Temporal's database file, the dev mailbox and keys. */
  PATHWAYS_DATA_DIR: z.string().min(1).default('.data'),
  /** PostgreSQL URL; unset = embedded PostgreSQL under the data folder. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  EMBEDDED_POSTGRES_PORT: port(54329),
  /** host:port of an existing Temporal frontend; unset = `temporal server start-dev`. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, { message: 'must be host:port, e.g. 127.0.0.1:7233' })
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('pathways'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('pathways-cases'),
  TEMPORAL_DEV_PORT: port(7233),
  TEMPORAL_UI: z.enum(['on', 'off']).default('on'),
  /** Explicit paths to the Temporal binaries (else PATH, then .tools/venv, then the SDK download). */
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),
  /** SMTP URL for outgoing mail; unset = the embedded dev mailbox. */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().min(3).default('Pathways <pathways@localhost>'),
  DEV_SMTP_PORT: port(1025),
  DEV_MAILBOX_HTTP_PORT: port(8025),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port(3000),
  /** Where the worker serves /metrics (prom-client) and Temporal Core's Prometheus exporter listens. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port(9464),
  TEMPORAL_METRICS_PORT: port(9465),
  /** Base URL used in links inside emails. */
  PUBLIC_URL: z.string().url().optional(),
  /** Base64 32-byte key(s) for personal data; `id:key,id:key`, first is current. Unset = generated into the data folder. */
  PATHWAYS_KEYS: z
    .string()
    .regex(/^([A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/, {
      message: 'must be id:base64key[,id:base64key…] with 32-byte keys',
    })
    .optional(),
  /**
   * Memory the case worker may spend on cached case workflows (MiB): the SDK's workflow cache
   * holds as many cases as fit (about 0.35 MiB each); a case out of the cache is replayed when
   * it moves. See bench/RESULTS.md, "Where the worker's memory goes".
   */
  WORKER_CACHE_MB: z.coerce.number().int().min(1).max(65536).default(DEFAULT_WORKER_CACHE_MB),
  /** Folder of sample or production definitions loaded at start. */
  DEFINITIONS_DIR: z.string().min(1).default('definitions/samples'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; reason: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.reason}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (default process.env) into a Config, or throws ConfigError naming each variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({ variable: String(issue.path[0]), reason: issue.message })),
  );
}

/** The configuration of this process's environment; prints what is wrong and exits (78) when invalid. Entry points only. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
