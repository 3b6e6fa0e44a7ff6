// Start overhead: cases started through the API per second (validated, case row with its first
// step in PostgreSQL, workflow started) against raw client.workflow.start of an empty workflow
// on the same dev server, at the same concurrency. Also: how long until the worker has
// projected the first step visit of every case. The API's answer to a start includes the case
// state queried from the workflow, so each API start also waits for the worker's first
// workflow task; the raw starts go to a task queue nobody polls.
import { BENCH_DEFINITIONS, publishFolder, startCase } from './cases';
import { pause, pool, printTable } from './bundle';
import { startStack } from './stack';

const CASES = Number(process.env.BENCH_START_CASES ?? 300);
const CONCURRENCY = 10;

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({ name: 'start-overhead', mailbox: false });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    await startCase(stack, 'bench.xb'); // warm-up: connections, definition cache, JIT

    // Raw starts go to a task queue no worker polls: only the server's share of a start.
    const rawStarted = performance.now();
    await pool(CASES, CONCURRENCY, async (i) => {
      await stack.client.workflow.start('emptyWorkflow', {
        workflowId: `raw-${i}`,
        taskQueue: 'nobody-polls',
        args: [],
      });
    });
    const rawSeconds = (performance.now() - rawStarted) / 1000;

    const ids: string[] = [];
    const apiStarted = performance.now();
    await pool(CASES, CONCURRENCY, async () => {
      ids.push(await startCase(stack, 'bench.xb'));
    });
    const apiSeconds = (performance.now() - apiStarted) / 1000;
    for (;;) {
      const projected = await stack.db.stepVisit.count({ where: { caseId: { in: ids }, visit: 1 } });
      if (projected >= ids.length) break;
      await pause(50);
    }
    const projectedSeconds = (performance.now() - apiStarted) / 1000;

    const rawRate = CASES / rawSeconds;
    const apiRate = CASES / apiSeconds;
    const figures = {
      cases: CASES,
      concurrency: CONCURRENCY,
      'raw starts/s': rawRate.toFixed(1),
      'API starts/s': apiRate.toFixed(1),
      ratio: (apiRate / rawRate).toFixed(2),
      'API starts projected/s': (CASES / projectedSeconds).toFixed(1),
    };
    printTable('Start overhead (target: ratio ≥ 0.8)', [figures]);
    return figures;
  } finally {
    await stack.stop();
  }
}
