// Process entry point of the case worker (`npm run worker`): connects to Temporal with the
// encrypting payload codec and runs case workflows until SIGINT/SIGTERM.
import { NativeConnection } from '@temporalio/worker';
import { config } from '../lib/config';
import { closeDatabase } from '../lib/database';
import { dataConverter } from '../lib/payload-codec';
import { createCaseWorker } from './create-worker';

async function main(): Promise<void> {
  const settings = config();
  const address = settings.TEMPORAL_ADDRESS ?? `127.0.0.1:${settings.TEMPORAL_DEV_PORT}`;
  const connection = await NativeConnection.connect({ address });
  try {
    const worker = await createCaseWorker({
      connection, namespace: settings.TEMPORAL_NAMESPACE, taskQueue: settings.TEMPORAL_TASK_QUEUE, dataConverter: dataConverter(),
    });
    console.info(`Case worker polling ${settings.TEMPORAL_TASK_QUEUE} on ${address} (namespace ${settings.TEMPORAL_NAMESPACE})`);
    await worker.run(); // the SDK shuts the worker down on SIGINT/SIGTERM
  } finally {
    await connection.close();
    await closeDatabase();
  }
}

main().catch((err: unknown) => {
  console.error('Case worker stopped:', err instanceof Error ? err.message : err);
  process.exit(1);
});
