// A worker for the raw twin workflows (bench/raw/workflows.ts) on a stack's dev server, in this
// process, on its own task queue.
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { dataConverter } from '../../lib/payload-codec';
import { bundleQuietly, quietRuntime } from '../bundle';
import type { Stack } from '../stack';

/** Starts a raw worker polling `taskQueue` (with `activities`, for local ones); it stops with the stack. */
export async function startRawWorker(
  stack: Stack,
  taskQueue: string,
  activities: object = {},
): Promise<void> {
  quietRuntime();
  const workflowBundle = await bundleQuietly(join(__dirname, 'workflows.ts'));
  const connection = await NativeConnection.connect({ address: stack.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: stack.namespace,
    taskQueue,
    workflowBundle,
    dataConverter: dataConverter(),
    activities,
  });
  const running = worker.run();
  stack.onStop(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
  });
}
