// Process entry point of the case worker (`npm run worker`): builds the process's resources,
// installs the Temporal runtime (logs into pino, Core's Prometheus exporter), serves /metrics
// and runs case workflows until SIGINT/SIGTERM.
import { NativeConnection } from '@temporalio/worker';
import { activityDeps, createActivities } from '../activities';
import { sweepRetentionDaily } from '../activities/erasure/retention';
import { loadConfig } from '../lib/config';
import { serveMetrics } from '../lib/metrics';
import { dataConverter } from '../lib/payload-codec';
import { createResources } from '../lib/resources';
import { createCaseWorker, runCaseWorker } from './create-worker';
import { installTemporalRuntime } from './runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const resources = createResources(config);
  const { logger, endpoints } = resources;
  const log = logger.child({ component: 'worker' });
  try {
    const sdk = installTemporalRuntime(config, logger);
    const metrics = await serveMetrics(resources.metrics, config.METRICS_HOST, config.METRICS_PORT);
    const connection = await NativeConnection.connect({ address: endpoints.temporalAddress });
    try {
      const deps = activityDeps(resources);
      const worker = await createCaseWorker({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        dataConverter: dataConverter(resources.keys, resources.db),
        activities: createActivities(deps),
        cacheMiB: config.WORKER_CACHE_MB,
      });
      const stop = () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      log.info(
        {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          namespace: config.TEMPORAL_NAMESPACE,
          temporal: endpoints.temporalAddress,
          metrics: metrics.url,
          sdkMetrics: sdk.metricsUrl,
        },
        'case worker polling',
      );
      const stopSweep = sweepRetentionDaily(resources.db, resources.keys, logger);
      await runCaseWorker(worker, deps).finally(stopSweep);
    } finally {
      await connection.close();
      await metrics.close();
    }
  } finally {
    await resources.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`case worker stopped: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
