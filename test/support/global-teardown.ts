// Drops the run's database unless PATHWAYS_KEEP_TEST_DB=1 (to inspect it after a failure).
import { adminQuery } from './database';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.PATHWAYS_TEST_DATABASE;
  if (!name || process.env.PATHWAYS_KEEP_TEST_DB === '1') return;
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
