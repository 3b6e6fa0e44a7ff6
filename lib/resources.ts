// The one wiring point of a process: its configuration and what it opens from it — database,
// keys, mailer, Temporal client, logger, metrics — built once by the entry point (api/main.ts,
// workers/main.ts, scripts/start.ts) and handed down. Nothing below reads the environment.
import { Client, Connection } from '@temporalio/client';
import { resolve } from 'node:path';
import { smtpMailer, type Mailer } from './mailer';
import type { Config } from './config';
import { createDatabase, type Database } from './database';
import { embeddedDatabaseUrl } from './embedded-postgres';
import { loadKeyring, type Keyring } from './keyring';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { OwedMessagesBell } from './owed-messages-bell';
import { dataConverter } from './payload-codec';

/** Where the process's dependencies are: from the configuration, or from what the launcher started. */
export interface Endpoints {
  dataDir: string;
  databaseUrl: string;
  smtpUrl: string;
  temporalAddress: string;
}

/** The bundle every part of the process receives. */
export interface Resources {
  config: Config;
  endpoints: Endpoints;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  keys: Keyring;
  mailer: Mailer;
  /** A lazily connecting client (payloads encrypted with the keys): the API starts even while Temporal is down, and /readyz says so. */
  temporal: Client;
  /** Base URL of the API, for links in emails. */
  publicUrl: string;
  /** Rung when this process stores owed messages: its delivery relay (if it runs one) sends them at once. */
  bell: OwedMessagesBell;
  /** Closes what the bundle opened (database pool, Temporal connection, SMTP transport). */
  close(): Promise<void>;
}

/** The endpoints the configuration names, with the embedded defaults for what it leaves unset. */
export function configuredEndpoints(config: Config): Endpoints {
  return {
    dataDir: resolve(config.PATHWAYS_DATA_DIR),
    databaseUrl: config.DATABASE_URL ?? embeddedDatabaseUrl(config.EMBEDDED_POSTGRES_PORT),
    smtpUrl: config.SMTP_URL ?? `smtp://127.0.0.1:${config.DEV_SMTP_PORT}`,
    temporalAddress: config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`,
  };
}

/** Builds the bundle; parts may be given (tests: their logger or metrics; the launcher: its logger). */
export function createResources(
  config: Config,
  given: Partial<Pick<Resources, 'endpoints' | 'logger' | 'metrics' | 'db' | 'keys' | 'mailer'>> = {},
): Resources {
  const endpoints = given.endpoints ?? configuredEndpoints(config);
  const keys = given.keys ?? loadKeyring(config.PATHWAYS_KEYS, endpoints.dataDir);
  const db = given.db ?? createDatabase(endpoints.databaseUrl);
  const mailer = given.mailer ?? smtpMailer(endpoints.smtpUrl, config.MAIL_FROM);
  const connection = Connection.lazy({ address: endpoints.temporalAddress });
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(keys, db),
  });
  return {
    config,
    endpoints,
    keys,
    db,
    mailer,
    temporal,
    logger: given.logger ?? createLogger(config),
    metrics: given.metrics ?? createMetrics(),
    publicUrl: config.PUBLIC_URL ?? `http://${config.API_HOST}:${config.API_PORT}`,
    bell: new OwedMessagesBell(),
    async close() {
      await connection.close().catch(() => undefined);
      if (!given.mailer) mailer.close();
      if (!given.db) await db.$disconnect();
    },
  };
}
