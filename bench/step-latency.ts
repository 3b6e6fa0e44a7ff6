// Step-completion latency: p50/p95/p99 of POST /v1/cases/{id}/complete-step (the workflow
// update through the API) at 1, 10 and 50 concurrent clients, each client on its own case.
import { BENCH_DEFINITIONS, completeStep, publishFolder, startCase } from './cases';
import { percentile, pool, printTable } from './bundle';
import { startStack } from './stack';

const LEVELS = [1, 10, 50];
const SAMPLES_PER_LEVEL = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300);
const NEXT_STEP: Record<string, string> = { work: 'review', review: 'work' };

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({ name: 'step-latency', mailbox: false });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    const cases: { id: string; step: string }[] = [];
    await pool(Math.max(...LEVELS), 10, async () => {
      cases.push({ id: await startCase(stack, 'bench.xb'), step: 'work' });
    });
    const complete = async (c: { id: string; step: string }) => {
      const started = performance.now();
      await completeStep(stack, c.id, c.step, 'next');
      c.step = NEXT_STEP[c.step]!;
      return performance.now() - started;
    };
    for (const c of cases.slice(0, 10)) await complete(c); // warm-up

    const rows: Record<string, string | number>[] = [];
    for (const clients of LEVELS) {
      const perClient = Math.ceil(SAMPLES_PER_LEVEL / clients);
      const latencies: number[] = [];
      const started = performance.now();
      await pool(clients, clients, async (i) => {
        for (let n = 0; n < perClient; n += 1) latencies.push(await complete(cases[i]!));
      });
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        clients,
        samples: latencies.length,
        'updates/s': (latencies.length / seconds).toFixed(1),
        'p50 ms': percentile(latencies, 50).toFixed(1),
        'p95 ms': percentile(latencies, 95).toFixed(1),
        'p99 ms': percentile(latencies, 99).toFixed(1),
      });
    }
    printTable('Step-completion latency (target: p99 ≤ 100 ms at 50 clients)', rows);
    const at50 = rows[rows.length - 1]!;
    return Object.fromEntries(
      rows
        .flatMap((r) => [
          [`p50@${r.clients}`, r['p50 ms']!],
          [`p99@${r.clients}`, r['p99 ms']!],
        ])
        .concat([['updates/s@50', at50['updates/s']!]]),
    );
  } finally {
    await stack.stop();
  }
}
