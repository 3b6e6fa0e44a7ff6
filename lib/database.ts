// One Prisma client per process, over adapter-pg (the JS engine: no native download), and the
// same pg pool for the few statements on every request's path (`sql`).
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { parseConfig } from './config';

export type Database = PrismaClient;
export { Prisma } from '../generated/prisma/client';
export type { ApiKey, Case, CasePartner } from '../generated/prisma/client';

let shared: { url: string; client: PrismaClient } | undefined;

/** Where a client keeps its pg pool: a property, so a wrapper (a Proxy of the client) reaches it too. */
const POOL = Symbol('pathways.pgPool');

/** Creates a Prisma client for a PostgreSQL URL; its pg pool serves `sql` too (and closes with it). */
export function createDatabase(url: string, poolSize = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  Object.defineProperty(client, POOL, { value: pool });
  return client;
}

const TIMESTAMP = 1114;

/**
 * A Prisma DateTime column's text (`timestamp(3)` holding UTC, without a zone: as pg sends it,
 * or as JSON gives it) as the instant it holds; pg alone would read it as local time.
 */
export const utcTimestamp = (value: string): Date => new Date(`${value.replace(' ', 'T')}Z`);

const PRISMA_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP
      ? utcTimestamp
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Runs one SQL statement on the client's own pool, past Prisma's query engine: for the few
 * statements every request runs (the key, the case, the caller's roles, the audit row), where a
 * Prisma query costs 0.7–0.9 ms of CPU and this about 0.1 (bench/RESULTS.md). Rows come back as
 * Prisma would give them (DateTime as Date, in UTC). Write times as `$n::timestamptz AT TIME ZONE 'UTC'`.
 */
export async function sql<T>(db: PrismaClient, text: string, values: unknown[] = []): Promise<T[]> {
  return (await poolOf(db).query<T & pg.QueryResultRow>({ text, values, types: PRISMA_TYPES })).rows;
}

function poolOf(db: PrismaClient): pg.Pool {
  const pool = (db as PrismaClient & { [POOL]?: pg.Pool })[POOL];
  if (!pool) throw new Error('sql() needs a client made by createDatabase()');
  return pool;
}

/** One statement of `sqlTransaction`: its text (`$1`, `$2`, …) and its values. */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Runs statements in order in one transaction on one connection of the client's pool, past
 * Prisma's query engine (as `sql`); answers each statement's rows. Any error rolls it all back
 * and is thrown as pg gave it (a unique violation: `isUniqueViolation`).
 */
export async function sqlTransaction(db: PrismaClient, statements: Statement[]): Promise<unknown[][]> {
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const results: unknown[][] = [];
    for (const { text, values } of statements)
      results.push((await client.query({ text, values, types: PRISMA_TYPES })).rows);
    await client.query('COMMIT');
    return results;
  } catch (err) {
    // A connection that cannot even roll back is closed, not handed to the next caller.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Whether a pg error is a unique constraint's refusal (what Prisma calls P2002). */
export const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Error && (err as Error & { code?: unknown }).code === '23505';

/**
 * A shared client for the environment's DATABASE_URL: for tests, the one-shot CLIs and the
 * definition store's default. The processes build theirs in lib/resources.ts and pass it down.
 */
export function database(): PrismaClient {
  const url = parseConfig().DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: start through `npm start` or set it to a PostgreSQL URL');
  if (shared?.url !== url) shared = { url, client: createDatabase(url) };
  return shared.client;
}

/** Closes the shared client. */
export async function closeDatabase(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.client.$disconnect();
}
