// A private Pathways stack for one benchmark or drill: its own PostgreSQL database on the
// test server (127.0.0.1:5432), its own data folder, a Temporal dev server on a free port,
// optionally the dev mailbox, an in-process case worker and the API. `stop()` removes it all.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../api/access/api-keys';
import { createApp } from '../api/app';
import { activityDeps, createActivities, type ActivityDeps } from '../activities';
import { parseConfig } from '../lib/config';
import { closeDatabase, database, type Database } from '../lib/database';
import { keyring, type Keyring } from '../lib/keyring';
import { createLogger } from '../lib/logger';
import { createResources } from '../lib/resources';
import { startMailbox, type Mailbox } from '../lib/mailbox/server';
import { migrateDatabase } from '../lib/migrate';
import { dataConverter } from '../lib/payload-codec';
import { startTemporalDevServer, type DevServer } from '../lib/temporal-dev-server';
import { adminQuery, adminUrl, withDatabase } from '../test/support/database';
import { freePort } from '../test/support/processes';
import { createCaseWorker, runCaseWorker } from '../workers/create-worker';
import { quietRuntime, sharedBundle } from './bundle';

export interface StackOptions {
  /** Short name used in the database and folder names. */
  name: string;
  /** Run a case worker in this process (default true). */
  worker?: boolean;
  /** Start the dev mailbox and point SMTP_URL at it (default true). */
  mailbox?: boolean;
  /** Start the API with an admin key (default true). */
  api?: boolean;
  /** Activity overrides for the in-process worker (no delivery relay beside them). */
  activities?: object;
  /** Serve the dev server's Prometheus metrics (default false); see `temporalMetricsUrl`. */
  temporalMetrics?: boolean;
}

export interface Stack {
  name: string;
  dataDir: string;
  databaseUrl: string;
  db: Database;
  /** The stack's keyring (sealed applicant data, payload codec). */
  keys: Keyring;
  namespace: string;
  taskQueue: string;
  temporal: DevServer;
  /** The dev server's /metrics URL when asked for with `temporalMetrics`. */
  temporalMetricsUrl: string | undefined;
  client: Client;
  /** The dev mailbox (kept on disk in the data folder, so a restart keeps what arrived). */
  mailbox: Mailbox | undefined;
  /** Stops the mailbox: SMTP connections are refused until restartMailbox(). */
  stopMailbox(): Promise<void>;
  /** Starts the mailbox again on the same port and folder. */
  restartMailbox(): Promise<void>;
  apiUrl: string;
  adminKey: string;
  /** Environment a child worker process needs to join this stack. */
  env: Record<string, string>;
  /**
   * Starts (another) in-process case worker, with its delivery relay; returns its stop function.
   * Its activities are built from `deps` (default: the stack's), or given as `activities` (then without a relay).
   */
  startWorker(with_?: { deps?: ActivityDeps; activities?: object }): Promise<() => Promise<void>>;
  /** Adds something to stop (first) when the stack stops, e.g. a worker process. */
  onStop(stop: () => Promise<unknown>): void;
  /** Restarts the dev server on the same port and database file. */
  restartTemporal(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a private stack; everything it starts is stopped and removed by `stop()`. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse())
      await s().catch((err: unknown) => console.error(`[stack] ${(err as Error).message}`));
  };
  try {
    const dbName = `pathways_${options.name.replace(/\W/g, '_')}_${Date.now()}_${randomBytes(2).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${dbName}`);
    stops.push(() => adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const databaseUrl = withDatabase(adminUrl(), dbName);
    await migrateDatabase(databaseUrl);
    const dataDir = mkdtempSync(join(tmpdir(), `pathways-${options.name}-`));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const namespace = 'pathways';
    const taskQueue = `${options.name}-cases`;
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      PATHWAYS_DATA_DIR: dataDir,
      PATHWAYS_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
    };
    let mailbox: Mailbox | undefined;
    let mailboxUp = false;
    const smtpPort = await freePort();
    const mailboxOptions = { host: '127.0.0.1', port: smtpPort, dir: join(dataDir, 'mailbox') };
    if (options.mailbox !== false) {
      mailbox = await startMailbox(mailboxOptions);
      mailboxUp = true;
      stops.push(async () => {
        if (mailboxUp) await mailbox!.stop();
      });
      env.SMTP_URL = mailbox.url;
    }
    Object.assign(process.env, env);
    const db = database();
    stops.push(closeDatabase);

    const port = await freePort();
    const metricsPort = options.temporalMetrics ? await freePort() : undefined;
    const serverOptions = { dataDir, port, namespace, ui: false, timeoutMs: 60_000, metricsPort };
    let temporal = await startTemporalDevServer(serverOptions);
    stops.push(() => temporal.stop());
    env.TEMPORAL_ADDRESS = temporal.address;
    process.env.TEMPORAL_ADDRESS = temporal.address;
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace, dataConverter: dataConverter() });

    const startWorker = async (
      given: { deps?: ActivityDeps; activities?: object } = { activities: options.activities },
    ): Promise<() => Promise<void>> => {
      quietRuntime();
      const deps = given.activities
        ? undefined
        : (given.deps ?? activityDeps(createResources(parseConfig(), { db, keys: keyring() })));
      const native = await NativeConnection.connect({ address: temporal.address });
      const worker: Worker = await createCaseWorker({
        connection: native,
        namespace,
        taskQueue,
        dataConverter: dataConverter(),
        workflowBundle: await sharedBundle(),
        // The stack's environment is this process's: the bundle is built from it, over the stack's database.
        activities: given.activities ?? createActivities(deps!),
      });
      const running = runCaseWorker(worker, deps);
      let stopped = false;
      const stopWorker = async () => {
        if (stopped) return;
        stopped = true;
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await native.close();
      };
      stops.push(stopWorker);
      return stopWorker;
    };
    if (options.worker !== false) await startWorker();

    let apiUrl = '';
    let adminKey = '';
    if (options.api !== false) {
      const app = createApp({
        db,
        keys: keyring(),
        temporal: client,
        taskQueue,
        namespace,
        rateLimit: { limit: 1_000_000_000, windowMs: 60_000 },
        // A 5xx is a defect: its cause is printed (never a body or a name: the logger masks them).
        logger: createLogger({ LOG_LEVEL: 'error', NODE_ENV: 'test' }),
      });
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      stops.push(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      );
      const address = server.address();
      apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      adminKey = (
        await createApiKey(db, { principal: `${options.name}-admin`, role: 'admin', countries: [] })
      ).key;
    }
    return {
      name: options.name,
      dataDir,
      databaseUrl,
      db,
      keys: keyring(),
      namespace,
      taskQueue,
      get temporal() {
        return temporal;
      },
      temporalMetricsUrl: metricsPort ? `http://127.0.0.1:${metricsPort}/metrics` : undefined,
      client,
      get mailbox() {
        return mailbox;
      },
      apiUrl,
      adminKey,
      env,
      startWorker,
      stop,
      onStop: (fn) => void stops.push(fn),
      async stopMailbox() {
        if (mailboxUp) await mailbox?.stop();
        mailboxUp = false;
      },
      async restartMailbox() {
        if (mailboxUp) return;
        mailbox = await startMailbox(mailboxOptions);
        mailboxUp = true;
      },
      async restartTemporal() {
        await temporal.stop();
        temporal = await startTemporalDevServer(serverOptions);
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
