// The migration workflow: walks the live cases of a definition version and moves each one by
// its own `moveCase` update (through an activity), a few at a time, reporting progress. It can
// be paused and resumed between cases; run twice under the same id, it finds every case
// already moved and changes nothing. Cases are listed a page at a time; a run continues as new
// as its history grows, carrying the page it is on and where the list stands.
import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  migrationProgressQuery,
  pauseMigrationSignal,
  resumeMigrationSignal,
  SKIPPED_LISTED,
  type CaseMoveResult,
  type MigrationActivities,
  type MigrationCase,
  type MigrationProgress,
  type MigrationRunInput,
} from '../contract/migration';

/** Cases moved at the same time. */
export const MIGRATION_PARALLELISM = 8;

const { migrationCases, migrationCaseCount, moveOneCase } = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Cases listed per page (a page is one activity result: far below Temporal's 2 MB payload limit). */
export const MIGRATION_PAGE = 500;

/** What one run hands to the next: the listed cases still to move, where the list stands, and the progress. */
export interface CarriedMigration {
  cases: MigrationCase[];
  /** The last case id listed (absent in runs from before pages: they listed every case at once). */
  after?: string | null;
  /** Whether every case has been listed (absent: runs from before pages, which had). */
  listed?: boolean;
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
    skippedCount: 0,
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
  // Runs from before pages listed every case in one activity result, which passed Temporal's 2 MB
  // payload limit at about 35,000 cases and failed the migration; they replay as they ran.
  const paged = patched('migration-pages');
  const cases: MigrationCase[] = [];
  let after: string | null = null;
  let listed = false;
  if (carried) {
    cases.push(...carried.cases);
    after = carried.after ?? carried.cases.at(-1)?.caseId ?? null;
    listed = carried.listed ?? !paged;
  } else if (paged) {
    progress.total = await migrationCaseCount(input.plan);
  } else {
    cases.push(...(await migrationCases(input.plan)));
    progress.total = cases.length;
    listed = true;
  }
  progress.state = 'running';
  // Carried as paused only when paused at the hand-over; the query reports paused from the flag.
  let batches = 0;
  for (;;) {
    if (cases.length === 0 && !listed) {
      const page = await migrationCases(input.plan, { after, limit: MIGRATION_PAGE });
      cases.push(...page);
      after = page.at(-1)?.caseId ?? after;
      listed = page.length < MIGRATION_PAGE;
    }
    if (cases.length === 0) break;
    await condition(() => !paused);
    if (workflowInfo().continueAsNewSuggested || batches === input.batchesPerRun)
      return continueAsNew<typeof migrationWorkflow>(input, {
        cases,
        ...(paged ? { after, listed } : {}),
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
      else skip(progress, result);
    }
  }
  progress.state = 'done';
  return progress;
}

/** Counts a skipped case, and lists it while the list is short (progress is answered whole). */
function skip(progress: MigrationProgress, result: CaseMoveResult): void {
  progress.skippedCount = (progress.skippedCount ?? progress.skipped.length) + 1;
  if (progress.skipped.length < SKIPPED_LISTED) progress.skipped.push(result);
}
