// Process entry of the API: connects to PostgreSQL and Temporal (with the payload codec) and
// listens on API_HOST:API_PORT. `npm run api` runs it; the launcher calls startApiServer.
import type { Client } from '@temporalio/client';
import type { Server } from 'node:http';
import { config } from '../lib/config';
import { database, type Database } from '../lib/database';
import { connectTemporal } from '../lib/temporal-client';
import { createApp } from './app';

export interface ApiServerOptions {
  db?: Database;
  temporal?: Client;
  host?: string;
  port?: number;
  taskQueue?: string;
  namespace?: string;
  publicUrl?: string;
}

export interface ApiServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the API server; defaults come from the configuration (TEMPORAL_ADDRESS, API_HOST, API_PORT, …). */
export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const cfg = config();
  const namespace = options.namespace ?? cfg.TEMPORAL_NAMESPACE;
  const temporal = options.temporal ?? await connectTemporal(cfg.TEMPORAL_ADDRESS ?? `127.0.0.1:${cfg.TEMPORAL_DEV_PORT}`, namespace);
  const app = createApp({
    db: options.db ?? database(), temporal, namespace,
    taskQueue: options.taskQueue ?? cfg.TEMPORAL_TASK_QUEUE, publicUrl: options.publicUrl ?? cfg.PUBLIC_URL,
  });
  const host = options.host ?? cfg.API_HOST;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? cfg.API_PORT, host, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.API_PORT;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      if (!options.temporal) void temporal.connection.close();
    }),
  };
}

if (require.main === module) {
  startApiServer().then((api) => {
    console.log(`[api] listening on ${api.url} (docs: ${api.url}/docs)`);
    const stop = () => void api.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }).catch((err: unknown) => {
    console.error(`[api] could not start: ${(err as Error).message}`);
    process.exit(1);
  });
}
