// Process-wide pieces shared by the benchmarks and drills: one workflow bundle, a quiet
// Temporal runtime, and small measuring helpers.
import {
  DefaultLogger,
  Runtime,
  bundleWorkflowCode,
  makeTelemetryFilterString,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../workers/workflows-path';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** Bundles workflow code, printing only webpack's errors. */
export function bundleQuietly(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  const noop = () => undefined;
  const logger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
  return bundleWorkflowCode({ workflowsPath, logger });
}

/** The case workflow bundle, built once per process. */
export function sharedBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleQuietly(WORKFLOWS_PATH);
  return bundle;
}

/** Installs a Temporal runtime that logs errors only (once per process). */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      shutdownSignals: [],
      // The drills break servers on purpose: core's connection retry warnings are expected there.
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
  } catch {
    // Already installed by someone else in this process: keep theirs.
  }
}

/** The p-th percentile (0–100) of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Milliseconds since `start` (a performance.now() value), rounded to 0.1 ms. */
export const since = (start: number) => Math.round((performance.now() - start) * 10) / 10;

/** Resolves after ms milliseconds. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function pool(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/**
 * Runs `act(client)` about `samples` times over `clients` concurrent clients, each client one
 * call at a time: each call's latency in ms, and the seconds the whole took.
 */
export async function timedClients(
  clients: number,
  samples: number,
  act: (client: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const perClient = Math.ceil(samples / clients);
  const latencies: number[] = [];
  const started = performance.now();
  await pool(clients, clients, async (i) => {
    for (let n = 0; n < perClient; n += 1) {
      const sent = performance.now();
      await act(i);
      latencies.push(performance.now() - sent);
    }
  });
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** Prints a table of rows (objects with the same keys) with aligned columns. */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  console.log(line(keys));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(keys.map((k) => String(row[k]))));
}
