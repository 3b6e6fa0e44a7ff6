// Process entry of the API: builds the process's resources (database, keys, Temporal client
// with the payload codec, mailer for readiness, logger, metrics) and listens on
// API_HOST:API_PORT. `npm run api` runs it; the launcher calls startApiServer with its bundle.
import type { Server } from 'node:http';
import { loadConfig } from '../lib/config';
import { registerCaseGauges } from '../lib/metrics';
import { createResources, type Resources } from '../lib/resources';
import { createApp } from './app';
import { projectionCaseCounts } from './cases/counts';
import { startPeopleSweep } from './cases/roster';
import { TEMPORAL_DEADLINE_MS } from './cases/temporal-errors';

export interface ApiServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the API server over a resources bundle (which the caller closes). */
export async function startApiServer(resources: Resources): Promise<ApiServer> {
  const { config, db, keys, temporal, logger, metrics, mailer } = resources;
  registerCaseGauges(metrics, projectionCaseCounts(db));
  // The client connects lazily (the API starts while Temporal is down); start connecting now.
  temporal.connection.ensureConnected().catch(() => undefined);
  const app = createApp({
    db,
    keys,
    temporal,
    mailer,
    metrics,
    logger: logger.child({ component: 'api' }),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicUrl: resources.publicUrl,
    bell: resources.bell,
  });
  // People changed while Temporal was down are told to their cases from here (api/cases/roster.ts).
  const stopSweep = startPeopleSweep(
    { db, temporal, deadlineMs: TEMPORAL_DEADLINE_MS },
    logger.child({ component: 'api' }),
  );
  const host = config.API_HOST;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.API_PORT, host, (err?: Error) =>
      err ? reject(err) : resolve(listening),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.API_PORT;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        stopSweep();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (require.main === module) {
  const resources = createResources(loadConfig());
  startApiServer(resources)
    .then((api) => {
      resources.logger.info(
        { component: 'api', url: api.url, docs: `${api.url}/docs`, metrics: `${api.url}/metrics` },
        'API listening',
      );
      const stop = () =>
        void api
          .close()
          .then(() => resources.close())
          .then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      resources.logger.fatal({ component: 'api', error: err }, 'API could not start');
      process.exit(1);
    });
}
