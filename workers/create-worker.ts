// The case worker: runs case workflows and their activities on one task queue. Used by the
// process entry point (workers/main.ts), the launcher and the tests.
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { join } from 'node:path';
import { createActivities } from '../activities';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Activity implementations; default: the real ones (projection + notifications). */
  activities?: object;
  /** A prebuilt workflow bundle (tests bundle once per suite); default: bundle workflows/index.ts. */
  workflowBundle?: WorkflowBundleOption;
  /** Payload codec and converters; must match the clients' (see lib/payload-codec.ts). */
  dataConverter?: DataConverter;
}

/** Creates (does not run) a worker for case workflows. */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const code = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: join(__dirname, '..', 'workflows', 'index.ts') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities ?? createActivities(),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...code,
  });
}
