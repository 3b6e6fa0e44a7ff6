// Raw Temporal twins of the case workflow for the benchmarks' baselines: bundled on their own
// for a bench worker (bench/raw/worker.ts), never part of the case worker's bundle.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** Bumps the counter and answers it: the smallest update a workflow can take. */
export const bumpUpdate = defineUpdate<number>('bump');

/** A workflow that does nothing: what a start costs when a worker completes it at once. */
export async function emptyWorkflow(): Promise<void> {}

/** A workflow that takes `bump` updates and never ends on its own: the raw twin of a step completion. */
export async function counterWorkflow(): Promise<number> {
  let count = 0;
  setHandler(bumpUpdate, () => (count += 1));
  await condition(() => false);
  return count;
}
