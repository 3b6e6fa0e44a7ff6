// The case worker: runs case workflows and their activities on one task queue. Used by the
// process entry point (workers/main.ts), the launcher and the tests.
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { bundleInChildProcess } from './child-bundle';
import { DEFAULT_WORKER_CACHE_MB } from '../lib/config';
import { startDeliveryRelay, type ActivityDeps } from '../activities';
import type { RelayOptions } from '../activities/notifications/relay';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Activity implementations: the real ones are `createActivities(activityDeps(resources))`. */
  activities: object;
  /** A prebuilt workflow bundle (tests bundle once per suite); default: workflows/index.ts bundled by a child process. */
  workflowBundle?: WorkflowBundleOption;
  /** Payload codec and converters; must match the clients' (see lib/payload-codec.ts). */
  dataConverter?: DataConverter;
  /** Memory for cached case workflows, in MiB (config WORKER_CACHE_MB); default WORKER_CACHE_MB's default. */
  cacheMiB?: number;
}

/** Measured heap of one cached case workflow (bench open-cases, thread heap / cases), rounded up. */
export const CACHED_CASE_MIB = 0.35;

/**
 * How many case workflows the SDK may keep cached within a memory budget. The SDK's own
 * default grows with the V8 heap limit (about 2,300 cases on a 24 GiB machine, 0.8 GiB), not
 * with what the operator gives the worker.
 */
export function workflowCacheSize(budgetMiB: number): number {
  return Math.max(2, Math.floor(budgetMiB / CACHED_CASE_MIB));
}

/** Creates (does not run) a worker for case workflows. */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const workflowBundle = options.workflowBundle ?? (await bundleInChildProcess());
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    maxCachedWorkflows: workflowCacheSize(options.cacheMiB ?? DEFAULT_WORKER_CACHE_MB),
    workflowBundle,
  });
}

/**
 * Runs the worker and, beside it, the relay that delivers the messages its cases owe (built from
 * the same dependencies as the worker's activities; none for test doubles). The relay stops
 * once the worker has.
 */
export async function runCaseWorker(
  worker: Worker,
  deliveries?: ActivityDeps,
  relayOptions?: RelayOptions,
): Promise<void> {
  const client = worker.client;
  const relay = deliveries && client ? startDeliveryRelay(deliveries, client, relayOptions) : undefined;
  try {
    await worker.run();
  } finally {
    await relay?.stop();
  }
}
