// Open-case scale: N open cases (default 10,000) waiting on their reminder timers, one worker
// process: its resident memory once every case has been started and run by the worker (its
// first workflow task done), and the time to complete one step in a random case through the API.
import { createCaseRow, startCaseWorkflow } from '../api/cases/start-case';
import { readCounters } from './server-metrics';
import type { Principal } from '../api/access/roles';
import type { StartCaseBody } from '../api/schemas/cases';
import { BENCH_DEFINITIONS, completeStep, publishFolder, startBody } from './cases';
import { pause, percentile, pool, printTable } from './bundle';
import { startStack } from './stack';
import { spawnWorker } from './worker-process';
import { parseConfig } from '../lib/config';
import { workflowCacheSize } from '../workers/create-worker';

const CASES = Number(process.env.BENCH_OPEN_CASES ?? 10_000);
const SAMPLES = 20; // per kind: cached and evicted cases
const bench: Principal = {
  keyId: 'bench',
  principal: 'bench@pathways.test',
  role: 'admin',
  countries: [],
  partnerId: null,
};

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({
    name: 'open-cases',
    worker: false,
    mailbox: false,
    temporalMetrics: true,
  });
  // The start records each case's first step itself: the worker has the cases once it has
  // completed their first workflow tasks (the dev server counts them).
  const tasksCompleted = async () =>
    (await readCounters(stack.temporalMetricsUrl!)).get('frontend RespondWorkflowTaskCompleted') ?? 0;
  try {
    await publishFolder(BENCH_DEFINITIONS);
    // The worker as `npm run worker` runs it: its cache follows WORKER_CACHE_MB from the environment.
    const worker = await spawnWorker(stack);
    const cache = `${workflowCacheSize(parseConfig().WORKER_CACHE_MB)} cases (WORKER_CACHE_MB ${parseConfig().WORKER_CACHE_MB})`;
    const idleRss = worker.rssMiB();
    const tasksBefore = await tasksCompleted();
    const ids: string[] = [];
    const started = performance.now();
    // The API's own start path (row, then workflow), without HTTP, to fill the server quickly.
    await pool(CASES, 20, async () => {
      const created = await createCaseRow(
        stack.db,
        stack.keys,
        bench,
        { ...startBody('bench.xb'), partners: [] } as StartCaseBody,
        undefined,
      );
      await startCaseWorkflow(stack.db, stack.client, stack.taskQueue, created!.row, bench.principal, {
        input: created!.input,
      });
      ids.push(created!.row.id);
      // Progress, so that a run stopped early still tells how memory grows with open cases.
      if (ids.length % 1000 === 0)
        console.log(
          `  ${ids.length} cases started in ${((performance.now() - started) / 1000).toFixed(0)} s, worker RSS ${worker.rssMiB()} MiB`,
        );
    });
    let run = 0;
    let peakRss = idleRss;
    while (run < CASES) {
      peakRss = Math.max(peakRss, worker.rssMiB());
      run = (await tasksCompleted()) - tasksBefore;
      await pause(500);
    }
    const fillSeconds = (performance.now() - started) / 1000;
    const openRss = worker.rssMiB();

    // The newest cases are in the worker's cache; the oldest were evicted when the cache filled
    // (WORKER_CACHE_MB) and are replayed from their history when they move.
    const stepMs = async (id: string) => {
      const t = performance.now();
      // Completing work moves to review; a case drawn twice completes review instead.
      const current = await stack.db.case.findUniqueOrThrow({ where: { id }, select: { currentStep: true } });
      await completeStep(stack, id, current.currentStep!, 'next');
      return performance.now() - t;
    };
    const cached: number[] = [];
    const evicted: number[] = [];
    for (let n = 0; n < SAMPLES; n += 1) {
      cached.push(await stepMs(ids[ids.length - 1 - n]!));
      evicted.push(await stepMs(ids[n]!));
    }
    const latencies = [...cached, ...evicted];
    const afterRss = worker.rssMiB();
    await worker.stop();
    const figures = {
      'open cases': CASES,
      'workflow cache': cache,
      'fill s': fillSeconds.toFixed(0),
      'worker RSS idle MiB': idleRss,
      'peak MiB': Math.max(peakRss, openRss, afterRss),
      'RSS with cases open MiB': openRss,
      'step p50 ms (cached case)': percentile(cached, 50).toFixed(0),
      'step p50 ms (evicted case)': percentile(evicted, 50).toFixed(0),
      'step max ms': Math.max(...latencies).toFixed(0),
    };
    printTable('Open-case scale (target: worker RSS < 600 MB)', [figures]);
    return figures;
  } finally {
    await stack.stop();
  }
}
