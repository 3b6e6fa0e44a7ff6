// Open-case scale: N open cases (default 10,000) waiting on their reminder timers, one worker
// process: its resident memory once every case has been started and projected, and the time
// to complete one step in a random case through the API.
import { join } from 'node:path';
import { createCaseRow, startCaseWorkflow } from '../api/cases/start-case';
import type { Principal } from '../api/access/roles';
import type { StartCaseBody } from '../api/schemas/cases';
import { BENCH_DEFINITIONS, completeStep, publishFolder, startBody } from './cases';
import { pause, percentile, pool, printTable } from './bundle';
import { startStack } from './stack';
import { spawnWorker } from './worker-process';

const CASES = Number(process.env.BENCH_OPEN_CASES ?? 10_000);
const SAMPLES = 20;
const bench: Principal = { keyId: 'bench', principal: 'bench@pathways.test', role: 'admin', countries: [], partnerId: null };

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({ name: 'open-cases', worker: false, mailbox: false });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    // BENCH_WORKER_CACHE=n runs bench/capped-worker.ts (workflow cache capped at n) instead.
    const cache = process.env.BENCH_WORKER_CACHE;
    const worker = cache ? await spawnWorker(stack, {}, join(__dirname, 'capped-worker.ts')) : await spawnWorker(stack);
    const idleRss = worker.rssMiB();
    const ids: string[] = [];
    const started = performance.now();
    // The API's own start path (row, then workflow), without HTTP, to fill the server quickly.
    await pool(CASES, 20, async () => {
      const row = await createCaseRow(stack.db, bench, { ...startBody('bench.xb'), partners: [] } as StartCaseBody, undefined);
      await startCaseWorkflow(stack.db, stack.client, stack.taskQueue, row!, bench.principal);
      ids.push(row!.id);
      // Progress, so that a run stopped early still tells how memory grows with open cases.
      if (ids.length % 1000 === 0) console.log(`  ${ids.length} cases started in ${((performance.now() - started) / 1000).toFixed(0)} s, worker RSS ${worker.rssMiB()} MiB`);
    });
    let projected = 0;
    let peakRss = idleRss;
    while (projected < CASES) {
      peakRss = Math.max(peakRss, worker.rssMiB());
      projected = await stack.db.stepVisit.count({ where: { visit: 1 } });
      await pause(500);
    }
    const fillSeconds = (performance.now() - started) / 1000;
    const openRss = worker.rssMiB();

    const latencies: number[] = [];
    for (let n = 0; n < SAMPLES; n += 1) {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const t = performance.now();
      // Completing work moves to review; a case drawn twice completes review instead.
      const current = await stack.db.case.findUniqueOrThrow({ where: { id }, select: { currentStep: true } });
      await completeStep(stack, id, current.currentStep!, 'next');
      latencies.push(performance.now() - t);
    }
    const afterRss = worker.rssMiB();
    await worker.stop();
    const figures = {
      'open cases': CASES, 'workflow cache': cache ?? 'SDK default', 'fill s': fillSeconds.toFixed(0), 'worker RSS idle MiB': idleRss, 'peak MiB': Math.max(peakRss, openRss, afterRss),
      'RSS with cases open MiB': openRss, 'step p50 ms': percentile(latencies, 50).toFixed(0), 'step max ms': Math.max(...latencies).toFixed(0),
    };
    printTable('Open-case scale (target: worker RSS ≤ 512 MB)', [figures]);
    return figures;
  } finally {
    await stack.stop();
  }
}
