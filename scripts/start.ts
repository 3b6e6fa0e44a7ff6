// `npm start`: the whole stack in one terminal on embedded defaults — PostgreSQL (embedded
// unless DATABASE_URL), a Temporal dev server (unless TEMPORAL_ADDRESS), the dev mailbox
// (unless SMTP_URL), the sample definitions, a worker and the API. Ctrl-C stops all of it.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { activityDeps, createActivities } from '../activities';
import { sweepRetentionDaily } from '../activities/erasure/retention';
import { loadConfig } from '../lib/config';
import type { Database } from '../lib/database';
import { startEmbeddedPostgres } from '../lib/embedded-postgres';
import { createLogger } from '../lib/logger';
import { serveMetrics } from '../lib/metrics';
import { migrateDatabase } from '../lib/migrate';
import { startMailbox } from '../lib/mailbox/server';
import { startMailboxWeb } from '../lib/mailbox/web';
import { startTemporalDevServer } from '../lib/temporal-dev-server';
import { dataConverter } from '../lib/payload-codec';
import { configuredEndpoints, createResources, type Endpoints } from '../lib/resources';
import { publishAll } from '../definitions/load';
import { createCaseWorker, runCaseWorker } from '../workers/create-worker';
import { installTemporalRuntime } from '../workers/runtime';
import { startApiServer } from '../api/main';
import { createApiKey } from '../api/access/api-keys';

type Stop = { name: string; stop: () => Promise<unknown> };
const stops: Stop[] = [];
const listening: [string, string][] = [];
// The banner is the launcher's answer to the person at the terminal; everything else is a log line.
const say = (line: string) => process.stdout.write(`[pathways] ${line}\n`);
const config = loadConfig();
const logger = createLogger(config);

async function main(): Promise<void> {
  const started = Date.now();
  const configured = configuredEndpoints(config);
  const dataDir = configured.dataDir;
  mkdirSync(dataDir, { recursive: true });
  // What the launcher starts takes the place of what the configuration leaves unset; the
  // configuration itself is never changed.
  const endpoints: Endpoints = { ...configured };

  if (!config.DATABASE_URL) {
    const logFile = join(dataDir, 'postgres.log');
    const db = await startEmbeddedPostgres(dataDir, config.EMBEDDED_POSTGRES_PORT, (line) =>
      appendFileSync(logFile, `${line}\n`),
    );
    stops.push({ name: 'PostgreSQL', stop: db.stop });
    endpoints.databaseUrl = db.url;
    listening.push(
      ['PostgreSQL (embedded)', db.url.replace(/:[^:@/]+@/, ':***@')],
      ['PostgreSQL data', db.clusterDir],
    );
    if (db.moved) say(db.moved);
  } else listening.push(['PostgreSQL', 'DATABASE_URL']);
  await migrateDatabase(endpoints.databaseUrl);

  if (!config.SMTP_URL) {
    const mailbox = await startMailbox({ port: config.DEV_SMTP_PORT, dir: join(dataDir, 'mailbox') });
    stops.push({ name: 'dev mailbox', stop: mailbox.stop });
    const web = await startMailboxWeb(mailbox, config.DEV_MAILBOX_HTTP_PORT);
    stops.push({ name: 'dev mailbox web', stop: () => new Promise((r) => web.server.close(r)) });
    endpoints.smtpUrl = mailbox.url;
    listening.push(['Dev mailbox SMTP', mailbox.url], ['Dev mailbox web', web.url]);
  } else listening.push(['SMTP', 'SMTP_URL']);

  if (!config.TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({
      dataDir,
      port: config.TEMPORAL_DEV_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      ui: config.TEMPORAL_UI === 'on',
    });
    stops.push({ name: 'Temporal dev server', stop: temporal.stop });
    endpoints.temporalAddress = temporal.address;
    listening.push(['Temporal (dev server)', temporal.address]);
    if (temporal.uiUrl) listening.push(['Temporal UI', temporal.uiUrl]);
  } else listening.push(['Temporal', config.TEMPORAL_ADDRESS]);

  // One bundle for the API and the in-process worker (one registry: both /metrics show all of it).
  const resources = createResources(config, { endpoints, logger });
  stops.push({ name: 'database client', stop: resources.close });

  const published = await publishAll(resolve(config.DEFINITIONS_DIR), 'npm start', resources.db);
  say(`definitions: ${published.map((p) => `${p.definitionId} v${p.version}`).join(', ')}`);

  const sdk = installTemporalRuntime(config, logger);
  const metrics = await serveMetrics(resources.metrics, config.METRICS_HOST, config.METRICS_PORT);
  stops.push({ name: 'worker metrics', stop: metrics.close });
  const connection = await NativeConnection.connect({ address: endpoints.temporalAddress });
  const deps = activityDeps(resources);
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter: dataConverter(resources.keys, resources.db),
    activities: createActivities(deps),
    cacheMiB: config.WORKER_CACHE_MB,
  });
  const running = runCaseWorker(worker, deps);
  const stopSweep = sweepRetentionDaily(resources.db, resources.keys, logger);
  stops.push({
    name: 'worker',
    stop: async () => {
      stopSweep();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  });
  listening.push(['Worker metrics', metrics.url], ['Temporal SDK metrics', sdk.metricsUrl]);

  const api = await startApiServer(resources);
  stops.push({ name: 'API', stop: api.close });
  listening.push(['API', api.url], ['API docs', `${api.url}/docs`], ['API metrics', `${api.url}/metrics`]);
  // People open the web app: its address comes first.
  listening.unshift(['Web app (sign in)', `${api.url}/app`]);

  const adminKey = await firstAdminKey(resources.db, dataDir);
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [what, where] of listening) process.stdout.write(`  ${what.padEnd(24)} ${where}\n`);
  process.stdout.write(
    `  ${'Admin API key'.padEnd(24)} ${adminKey.file}${adminKey.created ? ' (created now)' : ''}\n`,
  );
  process.stdout.write('  Press Ctrl-C to stop everything.\n');
}

/** On first start, creates an admin API key and keeps it in the data folder (dev only). */
async function firstAdminKey(db: Database, dataDir: string): Promise<{ file: string; created: boolean }> {
  const file = join(dataDir, 'admin-api-key.txt');
  if (existsSync(file) && readFileSync(file, 'utf8').trim()) return { file, created: false };
  const { key } = await createApiKey(db, { principal: 'dev-admin', role: 'admin', countries: [] });
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
      logger.error({ component: 'launcher', part: name, error: err }, 'could not stop');
    }
  }
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  logger.fatal({ component: 'launcher', error: err }, 'could not start');
  process.stderr.write(`[pathways] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  void shutdown(1);
});
