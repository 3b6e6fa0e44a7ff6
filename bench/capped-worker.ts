// A case worker process for the open-case benchmark's comparison run: the same worker as
// workers/main.ts with the SDK's workflow cache capped (BENCH_WORKER_CACHE entries), to see
// how much of the worker's memory is cached sleeping cases.
import { NativeConnection, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { createActivities } from '../activities';
import { config } from '../lib/config';
import { dataConverter } from '../lib/payload-codec';

async function main(): Promise<void> {
  const settings = config();
  const connection = await NativeConnection.connect({ address: settings.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection, namespace: settings.TEMPORAL_NAMESPACE, taskQueue: settings.TEMPORAL_TASK_QUEUE, dataConverter: dataConverter(),
    activities: createActivities(), workflowsPath: join(__dirname, '..', 'workflows', 'index.ts'),
    maxCachedWorkflows: Number(process.env.BENCH_WORKER_CACHE ?? 500),
  });
  console.info(`Case worker polling ${settings.TEMPORAL_TASK_QUEUE} (cache ${process.env.BENCH_WORKER_CACHE ?? 500})`);
  await worker.run();
}

main().catch((err: unknown) => {
  console.error('capped worker stopped:', err);
  process.exit(1);
});
