// One Prisma client per process, over adapter-pg (the JS engine: no native download).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { parseConfig } from './config';

export type Database = PrismaClient;
export { Prisma } from '../generated/prisma/client';

let shared: { url: string; client: PrismaClient } | undefined;

/** Creates a Prisma client for a PostgreSQL URL. */
export function createDatabase(url: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}

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
