// Process configuration, parsed once with zod. A bad or missing value stops the process with
// a message that names the variable. Every variable is listed in the README's table.
import { z } from 'zod';

const optionalUrl = (protocols: string[]) =>
  z.string().url().refine((value) => protocols.some((p) => value.startsWith(`${p}:`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  }).optional();

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Folder for the embedded database, Temporal's database file, the dev mailbox and keys. */
  PATHWAYS_DATA_DIR: z.string().min(1).default('.data'),
  /** PostgreSQL URL; unset = embedded PostgreSQL under the data folder. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  EMBEDDED_POSTGRES_PORT: port(54329),
  /** host:port of an existing Temporal frontend; unset = `temporal server start-dev`. */
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, { message: 'must be host:port, e.g. 127.0.0.1:7233' }).optional(),
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
  /** Base URL used in links inside emails. */
  PUBLIC_URL: z.string().url().optional(),
  /** Base64 32-byte key(s) for personal data; `id:key,id:key`, first is current. Unset = generated into the data folder. */
  PATHWAYS_KEYS: z.string().regex(/^([A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'must be id:base64key[,id:base64key…] with 32-byte keys',
  }).optional(),
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
  throw new ConfigError(result.error.issues.map((issue) => ({ variable: String(issue.path[0]), reason: issue.message })));
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use; exits the process when invalid. */
export function config(): Config {
  if (cached) return cached;
  try {
    cached = parseConfig();
    return cached;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

/** Forget the cached configuration (tests and the launcher change the environment). */
export function resetConfig(): void {
  cached = undefined;
}
