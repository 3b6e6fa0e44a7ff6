// Step-completion latency: p50/p95/p99 of POST /v1/cases/{id}/complete-step (the workflow
// update through the API) at 1, 10 and 50 concurrent clients, each client on its own case; and
// at each level, just before, its raw twin on the same dev server: client.executeUpdate of an
// update that bumps a counter in a trivial workflow (bench/raw/workflows.ts), each client on its
// own workflow.
import { bumpUpdate } from './raw/workflows';
import { BENCH_DEFINITIONS, completeStep, publishFolder, startCase } from './cases';
import { percentile, pool, printTable, timedClients } from './bundle';
import { startRawWorker } from './raw/worker';
import { startStack } from './stack';

const LEVELS = [1, 10, 50];
const SAMPLES_PER_LEVEL = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300);
const NEXT_STEP: Record<string, string> = { work: 'review', review: 'work' };
const RAW_QUEUE = 'raw-update';

/** Runs `act(client)` SAMPLES_PER_LEVEL times over `clients` concurrent clients; the level's row. */
async function level(what: string, clients: number, act: (client: number) => Promise<void>) {
  const { latencies, seconds } = await timedClients(clients, SAMPLES_PER_LEVEL, act);
  return {
    what,
    clients,
    samples: latencies.length,
    'updates/s': (latencies.length / seconds).toFixed(1),
    'p50 ms': percentile(latencies, 50).toFixed(1),
    'p95 ms': percentile(latencies, 95).toFixed(1),
    'p99 ms': percentile(latencies, 99).toFixed(1),
  };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({ name: 'step-latency', mailbox: false });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    await startRawWorker(stack, RAW_QUEUE);
    const clients = Math.max(...LEVELS);
    const cases: { id: string; step: string }[] = [];
    await pool(clients, 10, async () => {
      cases.push({ id: await startCase(stack, 'bench.xb'), step: 'work' });
    });
    const counters = await Promise.all(
      Array.from({ length: clients }, (_, i) =>
        stack.client.workflow.start('counterWorkflow', {
          workflowId: `raw-counter-${i}`,
          taskQueue: RAW_QUEUE,
        }),
      ),
    );
    const complete = async (i: number) => {
      const c = cases[i]!;
      await completeStep(stack, c.id, c.step, 'next');
      c.step = NEXT_STEP[c.step]!;
    };
    const bump = async (i: number) => {
      await counters[i]!.executeUpdate(bumpUpdate);
    };
    for (let i = 0; i < 10; i += 1) await Promise.all([complete(i), bump(i)]); // warm-up

    const rows: Record<string, string | number>[] = [];
    for (const n of LEVELS)
      rows.push(await level('raw update', n, bump), await level('API step', n, complete));
    printTable('Step-completion latency against the raw update, level by level', rows);
    const at = (what: string, n: number) => rows.find((r) => r.what === what && r.clients === n)!;
    const figures: Record<string, string | number> = {};
    for (const n of LEVELS) {
      figures[`raw p50@${n}`] = at('raw update', n)['p50 ms']!;
      figures[`p50@${n}`] = at('API step', n)['p50 ms']!;
      figures[`p99@${n}`] = at('API step', n)['p99 ms']!;
    }
    const ratio = (what: 'p50 ms' | 'updates/s', n: number) =>
      (Number(at('API step', n)[what]) / Number(at('raw update', n)[what])).toFixed(2);
    figures['raw updates/s@50'] = at('raw update', 50)['updates/s']!;
    figures['updates/s@50'] = at('API step', 50)['updates/s']!;
    figures['p50 ratio@1'] = ratio('p50 ms', 1);
    figures['throughput ratio@50'] = ratio('updates/s', 50);
    printTable('Ratios (targets: p50 ratio at 1 client ≤ 1.5; throughput ratio at 50 ≥ 0.7)', [
      { 'p50 ratio@1': figures['p50 ratio@1'], 'throughput ratio@50': figures['throughput ratio@50'] },
    ]);
    return figures;
  } finally {
    await stack.stop();
  }
}
