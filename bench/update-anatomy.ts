// What each part of a case update costs on the same dev server: the raw counter's update
// (bench/raw/workflows.ts), then the same with one part of a case transition added — a local
// activity that does nothing (the projection's marker), a search-attribute upsert, a timer
// cancelled and started — and with all three; then a step completion sent straight to a case's
// workflow (no API) and through the API. p50 with one client, throughput with 50, and the CPU
// spent per update by the dev server (from /proc) and by this Node process (API, case worker,
// raw worker, benchmark client). PostgreSQL's is not shown: its backends come and go.
import type { WorkflowHandle } from '@temporalio/client';
import { completeStepUpdate } from '../contract/messages';
import { bumpUpdate, type CounterParts } from './raw/workflows';
import { BENCH_DEFINITIONS, completeStep, publishFolder, startCase } from './cases';
import { percentile, pool, printTable, timedClients } from './bundle';
import { startRawWorker } from './raw/worker';
import { startStack } from './stack';
import { cpuSeconds, devServerPid } from './cpu';

const SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);
const CLIENTS = 50;
const QUEUE = 'raw-parts';
const NEXT_STEP: Record<string, string> = { work: 'review', review: 'work' };

const PARTS: Record<string, CounterParts> = {
  'raw update': { localActivity: false, upsert: false, timer: false },
  '+ local activity': { localActivity: true, upsert: false, timer: false },
  '+ search-attribute upsert': { localActivity: false, upsert: true, timer: false },
  '+ timer cancelled and started': { localActivity: false, upsert: false, timer: true },
  '+ all three': { localActivity: true, upsert: true, timer: true },
};

async function level(
  devServer: string | undefined,
  what: string,
  clients: number,
  act: (client: number) => Promise<void>,
) {
  const cpuBefore = cpuSeconds(devServer);
  const { latencies, seconds } = await timedClients(clients, SAMPLES, act);
  const cpuAfter = cpuSeconds(devServer);
  const cpuMs = (kind: 'devServer' | 'node') =>
    (((cpuAfter[kind] - cpuBefore[kind]) * 1000) / latencies.length).toFixed(1);
  return {
    update: what,
    clients,
    'updates/s': (latencies.length / seconds).toFixed(1),
    'p50 ms': percentile(latencies, 50).toFixed(1),
    'CPU ms/update: dev server': cpuMs('devServer'),
    'this Node process': cpuMs('node'),
  };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({ name: 'update-anatomy', mailbox: false });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    await startRawWorker(stack, QUEUE, { nothing: async (n: number) => n });
    const counters: Record<string, WorkflowHandle[]> = {};
    for (const [name, parts] of Object.entries(PARTS))
      counters[name] = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          stack.client.workflow.start('partsWorkflow', {
            workflowId: `parts-${Object.keys(counters).length}-${i}`,
            taskQueue: QUEUE,
            args: [parts],
          }),
        ),
      );
    const cases: { id: string; workflowId: string; step: string }[] = [];
    await pool(CLIENTS, 10, async () => {
      const id = await startCase(stack, 'bench.xb');
      const row = await stack.db.case.findUniqueOrThrow({ where: { id }, select: { workflowId: true } });
      cases.push({ id, workflowId: row.workflowId, step: 'work' });
    });
    const direct = async (i: number) => {
      const c = cases[i]!;
      await stack.client.workflow.getHandle(c.workflowId).executeUpdate(completeStepUpdate, {
        args: [
          {
            step: c.step,
            outcome: 'next',
            data: {},
            actor: { id: 'bench@pathways.test', roles: ['caseworker'] },
          },
        ],
      });
      c.step = NEXT_STEP[c.step]!;
    };
    const api = async (i: number) => {
      const c = cases[i]!;
      await completeStep(stack, c.id, c.step, 'next');
      c.step = NEXT_STEP[c.step]!;
    };
    for (let i = 0; i < 10; i += 1) {
      for (const handles of Object.values(counters)) await handles[i]!.executeUpdate(bumpUpdate);
      await api(i);
    }
    const devServer = devServerPid(stack.temporal.address);
    const rows: Record<string, string | number>[] = [];
    for (const clients of [1, CLIENTS]) {
      for (const [name, handles] of Object.entries(counters))
        rows.push(
          await level(devServer, name, clients, (i) =>
            handles[i]!.executeUpdate(bumpUpdate).then(() => undefined),
          ),
        );
      rows.push(await level(devServer, 'case step, straight to its workflow', clients, direct));
      rows.push(await level(devServer, 'case step through the API', clients, api));
    }
    printTable('One update and its parts, on one dev server (CPU per update by process)', rows);
    const at = (what: string, clients: number) =>
      rows.find((r) => r.update === what && r.clients === clients)!;
    return {
      'raw p50@1': at('raw update', 1)['p50 ms']!,
      'all three p50@1': at('+ all three', 1)['p50 ms']!,
      'straight p50@1': at('case step, straight to its workflow', 1)['p50 ms']!,
      'API p50@1': at('case step through the API', 1)['p50 ms']!,
      'raw updates/s@50': at('raw update', CLIENTS)['updates/s']!,
      'straight updates/s@50': at('case step, straight to its workflow', CLIENTS)['updates/s']!,
      'API updates/s@50': at('case step through the API', CLIENTS)['updates/s']!,
    };
  } finally {
    await stack.stop();
  }
}
