// Once per `jest` run: a fresh database (migrated), a private data folder and test keys. The
// environment set here is inherited by every test file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrateDatabase } from '../../lib/migrate';
import { adminQuery, adminUrl, withDatabase } from './database';

export default async function globalSetup(): Promise<void> {
  const name = `pathways_test_${Date.now()}_${process.pid}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl(), name);
  await migrateDatabase(url);
  process.env.DATABASE_URL = url;
  process.env.PATHWAYS_TEST_DATABASE = name;
  process.env.PATHWAYS_DATA_DIR = mkdtempSync(join(tmpdir(), 'pathways-test-'));
  process.env.PATHWAYS_KEYS = `test1:${randomBytes(32).toString('base64')}`;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
}
