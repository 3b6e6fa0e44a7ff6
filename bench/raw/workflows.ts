// Raw Temporal twins of the case workflow for the benchmarks' baselines: bundled on their own
// for a bench worker (bench/raw/worker.ts), never part of the case worker's bundle.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  condition,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';

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

/** What a counter does after each bump, besides answering it (bench/update-anatomy.ts). */
export interface CounterParts {
  /** Runs a local activity that does nothing (the marker a local write leaves). */
  localActivity: boolean;
  /** Upserts a keyword search attribute whose value changes with every bump. */
  upsert: boolean;
  /** Waits with a timeout that changes with every bump (a timer cancelled and started). */
  timer: boolean;
}

const StepKey = defineSearchAttributeKey('CaseStep', SearchAttributeType.KEYWORD);
const local = proxyLocalActivities<{ nothing(n: number): Promise<number> }>({
  startToCloseTimeout: '4 seconds',
});

/** The counter with one or more of a case update's parts: what each costs the dev server. */
export async function partsWorkflow(parts: CounterParts): Promise<number> {
  let count = 0;
  let pending = false;
  setHandler(bumpUpdate, () => {
    count += 1;
    pending = true;
    return count;
  });
  for (;;) {
    if (parts.timer) await condition(() => pending, count % 2 === 0 ? '1 day' : '2 days');
    else await condition(() => pending);
    pending = false;
    if (parts.upsert) upsertSearchAttributes([{ key: StepKey, value: count % 2 === 0 ? 'work' : 'review' }]);
    if (parts.localActivity) await local.nothing(count);
  }
}
