// The migration workflow: walks the live cases of a definition version and moves each one by
// its own `moveCase` update (through an activity), a few at a time, reporting progress. It can
// be paused and resumed between cases; run twice under the same id, it finds every case
// already moved and changes nothing. Long lists continue as new, carrying what is left.
import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  migrationProgressQuery,
  pauseMigrationSignal,
  resumeMigrationSignal,
  type CaseMoveResult,
  type MigrationActivities,
  type MigrationProgress,
  type MigrationRunInput,
} from '../contract/migration';

/** Cases moved at the same time. */
export const MIGRATION_PARALLELISM = 8;

const { migrationCases, moveOneCase } = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** What one run hands to the next: the cases still to move and the progress so far. */
export interface CarriedMigration {
  cases: { caseId: string; workflowId: string }[];
  progress: MigrationProgress;
}

/** Moves every live case of the plan's `from` version to its `to` version. */
export async function migrationWorkflow(
  input: MigrationRunInput,
  carried?: CarriedMigration,
): Promise<MigrationProgress> {
  const progress: MigrationProgress = carried?.progress ?? {
    migrationId: input.migrationId,
    state: 'listing',
    total: 0,
    done: 0,
    moved: 0,
    skipped: [],
  };
  let paused = carried ? progress.state === 'paused' : input.paused === true;
  setHandler(migrationProgressQuery, () => ({
    ...progress,
    state: paused && progress.state === 'running' ? 'paused' : progress.state,
  }));
  setHandler(pauseMigrationSignal, () => {
    paused = true;
  });
  setHandler(resumeMigrationSignal, () => {
    paused = false;
  });
  const cases = carried?.cases ?? (await migrationCases(input.plan));
  if (!carried) progress.total = cases.length;
  progress.state = 'running';
  // Carried as paused only when paused at the hand-over; the query reports paused from the flag.
  let batches = 0;
  while (cases.length > 0) {
    await condition(() => !paused);
    if (workflowInfo().continueAsNewSuggested || batches === input.batchesPerRun)
      return continueAsNew<typeof migrationWorkflow>(input, {
        cases,
        progress: { ...progress, state: 'running' },
      });
    const batch = cases.splice(0, MIGRATION_PARALLELISM);
    batches += 1;
    // A case whose move still fails after the retries is reported, not left to stop the others.
    const results = await Promise.all(
      batch.map((c) =>
        moveOneCase({ ...input, ...c }).catch((): CaseMoveResult => ({
          caseId: c.caseId,
          outcome: 'skipped',
          reason: 'failed',
          message: 'the move failed after retries',
        })),
      ),
    );
    for (const result of results) {
      progress.done += 1;
      if (result.outcome === 'moved') progress.moved += 1;
      else progress.skipped.push(result);
    }
  }
  progress.state = 'done';
  return progress;
}
