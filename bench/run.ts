// `npm run bench [name…]`: runs every benchmark, or the named ones, one after another. Each
// starts and removes its own servers and prints its figures; none is a test.
import { printTable } from './bundle';

const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<Record<string, string | number>> }>> = {
  'start-overhead': () => import('./start-overhead.js'),
  'step-latency': () => import('./step-latency.js'),
  'update-anatomy': () => import('./update-anatomy.js'),
  'open-cases': () => import('./open-cases.js'),
  'list-scale': () => import('./list-scale.js'),
  'history-bound': () => import('./history-bound.js'),
  'transition-cost': () => import('./transition-cost.js'),
  validation: () => import('./validation.js'),
  'page-weight': () => import('./page-weight.js'),
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const names = asked.length > 0 ? asked : Object.keys(BENCHMARKS);
  const summary: Record<string, string | number>[] = [];
  for (const name of names) {
    const started = Date.now();
    console.log(`\n== ${name}`);
    const figures = await (await BENCHMARKS[name]!()).run();
    summary.push({
      benchmark: name,
      seconds: Math.round((Date.now() - started) / 1000),
      figures: JSON.stringify(figures),
    });
  }
  printTable('Benchmarks run', summary);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
