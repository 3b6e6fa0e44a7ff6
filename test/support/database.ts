// A fresh PostgreSQL database per test run, created and migrated by the global setup.
import { Client } from 'pg';
import { parse } from 'pg-connection-string';

/** The server the tests create their databases on (trust auth on this project's machines). */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the admin database, failing with a reason a person can act on. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    const target = parse(adminUrl());
    throw new Error(
      `Tests need PostgreSQL at ${target.host}:${target.port ?? 5432} (${(err as Error).message}). ` +
        'Start it, or set TEST_DATABASE_ADMIN_URL to a server where the tests may create databases.',
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
