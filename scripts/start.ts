// `npm start`: the whole stack in one terminal on embedded defaults — PostgreSQL (embedded
// unless DATABASE_URL), a Temporal dev server (unless TEMPORAL_ADDRESS), the dev mailbox
// (unless SMTP_URL), the sample definitions, a worker and the API. Ctrl-C stops all of it.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { config } from '../lib/config';
import { startEmbeddedPostgres } from '../lib/embedded-postgres';
import { migrateDatabase } from '../lib/migrate';
import { startMailbox } from '../lib/mailbox/server';
import { startMailboxWeb } from '../lib/mailbox/web';
import { startTemporalDevServer } from '../lib/temporal-dev-server';
import { closeDatabase, database } from '../lib/database';
import { dataConverter } from '../lib/payload-codec';
import { keyring } from '../lib/keyring';
import { publishAll } from '../definitions/load';
import { createCaseWorker } from '../workers/create-worker';
import { startApiServer } from '../api/main';
import { createApiKey } from '../api/access/api-keys';

type Stop = { name: string; stop: () => Promise<unknown> };
const stops: Stop[] = [];
const listening: [string, string][] = [];
const say = (line: string) => console.log(`[pathways] ${line}`);

async function main(): Promise<void> {
  const started = Date.now();
  const cfg = config();
  const dataDir = resolve(cfg.PATHWAYS_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  process.env.PATHWAYS_DATA_DIR = dataDir;
  keyring(); // generates the dev key into the data folder on first start

  if (!cfg.DATABASE_URL) {
    const logFile = join(dataDir, 'postgres.log');
    const db = await startEmbeddedPostgres(dataDir, cfg.EMBEDDED_POSTGRES_PORT, (line) => appendFileSync(logFile, `${line}\n`));
    stops.push({ name: 'PostgreSQL', stop: db.stop });
    process.env.DATABASE_URL = db.url;
    listening.push(['PostgreSQL (embedded)', db.url.replace(/:[^:@/]+@/, ':***@')]);
  } else listening.push(['PostgreSQL', 'DATABASE_URL']);
  await migrateDatabase(process.env.DATABASE_URL!);
  stops.push({ name: 'database client', stop: closeDatabase });

  if (!cfg.SMTP_URL) {
    const mailbox = await startMailbox({ port: cfg.DEV_SMTP_PORT, dir: join(dataDir, 'mailbox') });
    stops.push({ name: 'dev mailbox', stop: mailbox.stop });
    const web = await startMailboxWeb(mailbox, cfg.DEV_MAILBOX_HTTP_PORT);
    stops.push({ name: 'dev mailbox web', stop: () => new Promise((r) => web.server.close(r)) });
    process.env.SMTP_URL = mailbox.url;
    listening.push(['Dev mailbox SMTP', mailbox.url], ['Dev mailbox web', web.url]);
  } else listening.push(['SMTP', 'SMTP_URL']);

  if (!cfg.TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({
      dataDir, port: cfg.TEMPORAL_DEV_PORT, namespace: cfg.TEMPORAL_NAMESPACE, ui: cfg.TEMPORAL_UI === 'on',
    });
    stops.push({ name: 'Temporal dev server', stop: temporal.stop });
    process.env.TEMPORAL_ADDRESS = temporal.address;
    listening.push(['Temporal (dev server)', temporal.address]);
    if (temporal.uiUrl) listening.push(['Temporal UI', temporal.uiUrl]);
  } else listening.push(['Temporal', cfg.TEMPORAL_ADDRESS]);

  const published = await publishAll(resolve(cfg.DEFINITIONS_DIR), 'npm start');
  say(`definitions: ${published.map((p) => `${p.definitionId} v${p.version}`).join(', ')}`);

  // The launcher, not the SDK, decides the shutdown order on Ctrl-C.
  Runtime.install({ logger: new DefaultLogger(cfg.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN'), shutdownSignals: [] });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await createCaseWorker({
    connection, namespace: cfg.TEMPORAL_NAMESPACE, taskQueue: cfg.TEMPORAL_TASK_QUEUE, dataConverter: dataConverter(),
  });
  const running = worker.run();
  stops.push({ name: 'worker', stop: async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  } });

  const api = await startApiServer({ host: cfg.API_HOST, port: cfg.API_PORT });
  stops.push({ name: 'API', stop: api.close });
  listening.push(['API', api.url], ['API docs', `${api.url}/docs`]);

  const adminKey = await firstAdminKey(dataDir);
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [what, where] of listening) console.log(`  ${what.padEnd(24)} ${where}`);
  console.log(`  ${'Admin API key'.padEnd(24)} ${adminKey.file}${adminKey.created ? ' (created now)' : ''}`);
  console.log('  Press Ctrl-C to stop everything.');
}

/** On first start, creates an admin API key and keeps it in the data folder (dev only). */
async function firstAdminKey(dataDir: string): Promise<{ file: string; created: boolean }> {
  const file = join(dataDir, 'admin-api-key.txt');
  if (existsSync(file) && readFileSync(file, 'utf8').trim()) return { file, created: false };
  const { key } = await createApiKey(database(), { principal: 'dev-admin', role: 'admin', countries: [] });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { file, created: true };
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const { name, stop } of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.error(`[pathways] could not stop ${name}: ${(err as Error).message}`);
    }
  }
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  console.error(`[pathways] could not start: ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1);
});
