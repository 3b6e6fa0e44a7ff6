// Start overhead: cases started *and projected* per second through the API (validated, case row
// with its first step in PostgreSQL, workflow started, answered from the row; then the worker
// projects the first step visit) against raw client.workflow.start of an empty workflow on the
// same dev server, at the same concurrency: to a task queue a raw worker polls (the like-for-like
// twin: the server also dispatches and completes each workflow task) and to one nobody polls (the
// server's share of a start alone, the figure earlier tables give).
import type { WorkflowHandle } from '@temporalio/client';
import { BENCH_DEFINITIONS, publishFolder, startCase } from './cases';
import { pause, pool, printTable } from './bundle';
import { startRawWorker } from './raw/worker';
import { startStack, type Stack } from './stack';
import { cpuSeconds, devServerPid } from './cpu';

const CASES = Number(process.env.BENCH_START_CASES ?? 300);
const CONCURRENCY = 10;
const RAW_QUEUE = 'raw-start';

/** Starts CASES empty workflows on a task queue; seconds for the starts and until all completed. */
async function rawStarts(stack: Stack, taskQueue: string, prefix: string, waitForCompletion: boolean) {
  const handles: WorkflowHandle[] = [];
  const started = performance.now();
  await pool(CASES, CONCURRENCY, async (i) => {
    handles.push(
      await stack.client.workflow.start('emptyWorkflow', {
        workflowId: `${prefix}-${i}`,
        taskQueue,
        args: [],
      }),
    );
  });
  const startSeconds = (performance.now() - started) / 1000;
  if (waitForCompletion) await Promise.all(handles.map((h) => h.result()));
  return { startSeconds, doneSeconds: (performance.now() - started) / 1000 };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({ name: 'start-overhead', mailbox: false });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    await startRawWorker(stack, RAW_QUEUE);
    await startCase(stack, 'bench.xb'); // warm-up: connections, definition cache, JIT
    await rawStarts(stack, RAW_QUEUE, 'warm', true);

    const devServer = devServerPid(stack.temporal.address);
    const unpolled = await rawStarts(stack, 'nobody-polls', 'raw-unpolled', false);
    const rawCpu = cpuSeconds(devServer);
    const polled = await rawStarts(stack, RAW_QUEUE, 'raw-polled', true);
    const apiCpu = cpuSeconds(devServer);

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
    const endCpu = cpuSeconds(devServer);
    // CPU ms per start (the raw twin's until its workflows completed; the cases' until projected)
    // and how busy each process was meanwhile (1.00 = one core all the time).
    const perStart = (from: typeof rawCpu, to: typeof rawCpu, kind: 'devServer' | 'node') =>
      (((to[kind] - from[kind]) * 1000) / CASES).toFixed(1);
    const busy = (from: typeof rawCpu, to: typeof rawCpu, kind: 'devServer' | 'node', seconds: number) =>
      ((to[kind] - from[kind]) / seconds).toFixed(2);

    const rate = (seconds: number) => CASES / seconds;
    const rawPolled = rate(polled.startSeconds);
    const apiProjected = rate(projectedSeconds);
    const figures = {
      cases: CASES,
      concurrency: CONCURRENCY,
      'raw starts/s, unpolled': rate(unpolled.startSeconds).toFixed(1),
      'raw starts/s, polled': rawPolled.toFixed(1),
      'raw started+completed/s': rate(polled.doneSeconds).toFixed(1),
      'API starts/s': rate(apiSeconds).toFixed(1),
      'API started+projected/s': apiProjected.toFixed(1),
      'ratio to polled': (apiProjected / rawPolled).toFixed(2),
      'ratio to unpolled (old)': (rate(apiSeconds) / rate(unpolled.startSeconds)).toFixed(2),
      'dev server CPU ms/start, raw / API': `${perStart(rawCpu, apiCpu, 'devServer')} / ${perStart(apiCpu, endCpu, 'devServer')}`,
      'dev server busy, raw / API': `${busy(rawCpu, apiCpu, 'devServer', polled.doneSeconds)} / ${busy(apiCpu, endCpu, 'devServer', projectedSeconds)}`,
      'Node CPU ms/start, raw / API': `${perStart(rawCpu, apiCpu, 'node')} / ${perStart(apiCpu, endCpu, 'node')}`,
      'Node busy, raw / API': `${busy(rawCpu, apiCpu, 'node', polled.doneSeconds)} / ${busy(apiCpu, endCpu, 'node', projectedSeconds)}`,
    };
    printTable('Start overhead (target: API started+projected/s ≥ 0.6× raw polled starts/s)', [figures]);
    return figures;
  } finally {
    await stack.stop();
  }
}
