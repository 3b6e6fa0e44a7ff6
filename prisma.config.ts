// Prisma CLI configuration: the JS schema engine over adapter-pg, so `prisma migrate` works on
// machines that reach only package registries (see README, "Database").
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { parse } from 'pg-connection-string';
import pg from 'pg';
import { createRequire } from 'node:module';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
// The schema's env("DATABASE_URL") must resolve, or the CLI cannot read the generator.
process.env.DATABASE_URL = url;

// adapter-pg 6.x cannot decode the catalog types `name` (19) and `"char"` (18) that
// introspection reads (prisma/prisma#27403): in this CLI process only, read them as text.
patchCatalogTypes();

// The Wasm schema engine leaves long lock-timeout timers armed; do not let them keep the CLI alive.
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = setTimeoutOriginal(fn, ms, ...args);
  if ((ms ?? 0) >= 10_000) timer.unref();
  return timer;
}) as typeof setTimeout;

function patchCatalogTypes(): void {
  // Patch the very `pg` instance that adapter-pg loads, in both its Pool and Client paths.
  const adapterPg = createRequire(require.resolve('@prisma/adapter-pg'))('pg') as typeof pg;
  const rewrite = (result: { fields?: { dataTypeID: number }[] }) => {
    for (const field of result?.fields ?? [])
      if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
    return result;
  };
  // ...and an idle connection to the dropped shadow database is then terminated: not an error.
  for (const Pool of [adapterPg.Pool, pg.Pool]) {
    const emit = Pool.prototype.emit;
    Pool.prototype.emit = function emitting(this: pg.Pool, event: string | symbol, ...rest: unknown[]) {
      const terminated =
        event === 'error' &&
        (rest[0] as { code?: string })?.code === '57P01' &&
        this.listenerCount('error') === 0;
      return terminated ? false : emit.call(this, event, ...rest);
    };
  }
  for (const proto of [
    adapterPg.Pool.prototype,
    adapterPg.Client.prototype,
    pg.Pool.prototype,
    pg.Client.prototype,
  ]) {
    const query = proto.query as (...args: unknown[]) => unknown;
    proto.query = function patched(this: unknown, ...args: unknown[]) {
      args[0] = forceShadowDrop(args[0]);
      const out = query.apply(this, args);
      return out instanceof Promise ? out.then(rewrite) : out;
    } as typeof proto.query;
  }
}

// The engine drops its temporary shadow database while the adapter's pool still holds a
// connection to it ("being accessed by other users"): drop it with FORCE (PostgreSQL 13+).
function forceShadowDrop(query: unknown): unknown {
  const shadowDrop = /^\s*DROP DATABASE (IF EXISTS )?"prisma_migrate_shadow_db_[^"]+"\s*;?\s*$/i;
  if (typeof query === 'string' && shadowDrop.test(query))
    return `${query.replace(/;\s*$/, '')} WITH (FORCE)`;
  if (
    query &&
    typeof query === 'object' &&
    'text' in query &&
    typeof query.text === 'string' &&
    shadowDrop.test(query.text)
  ) {
    return { ...query, text: `${query.text.replace(/;\s*$/, '')} WITH (FORCE)` };
  }
  return query;
}

// Discrete fields, not connectionString: adapter-pg builds the shadow database's pool as
// {...config, database}, and pg lets connectionString override `database`.
function poolConfig(): pg.PoolConfig {
  const parts = parse(url);
  return {
    host: parts.host ?? '127.0.0.1',
    port: parts.port ? Number(parts.port) : 5432,
    user: parts.user ?? 'postgres',
    password: parts.password,
    database: parts.database ?? 'postgres',
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => new PrismaPg(poolConfig()),
});
