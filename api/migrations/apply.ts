// Applying a migration plan: one migration workflow per plan (its id names the definition and
// both versions, so applying the same plan again joins the run under way, or walks the cases
// again and finds them moved), its progress, and pausing or resuming it between cases.
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Database } from '../../lib/database';
import {
  migrationProgressQuery,
  pauseMigrationSignal,
  resumeMigrationSignal,
  type MigrationPlan,
  type MigrationProgress,
} from '../../contract/migration';
import { migrationWorkflow } from '../../workflows/migration.workflow';
import type { Principal } from '../access/roles';
import { NotFoundError } from '../errors';
import { fromTemporal, TEMPORAL_DEADLINE_MS, withinDeadline } from '../cases/temporal-errors';
import { planVersions } from './dry-run';

export interface ApplyDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
}

/** The migration's id: `<definitionId>:v<from>-v<to>` (one plan, one migration). */
export function migrationIdOf(plan: Pick<MigrationPlan, 'definitionId' | 'from' | 'to'>): string {
  return `${plan.definitionId}:v${plan.from}-v${plan.to}`;
}

const workflowIdOf = (migrationId: string) => `migration-${migrationId}`;

/** A migration's progress as the API answers it: always with the count of skipped cases. */
export type CountedProgress = MigrationProgress & { skippedCount: number };

/** A migration's progress, with the count of skipped cases (runs from before the count listed every one). */
async function progressOf(handle: WorkflowHandle): Promise<CountedProgress> {
  const progress = await handle.query(migrationProgressQuery);
  return { ...progress, skippedCount: progress.skippedCount ?? progress.skipped.length };
}

/** Starts moving the plan's cases (or joins the run under way); answers its progress so far. */
export async function applyMigration(
  deps: ApplyDeps,
  caller: Principal,
  plan: MigrationPlan,
  paused = false,
): Promise<CountedProgress> {
  await planVersions(deps.db, caller, plan);
  const migrationId = migrationIdOf(plan);
  return withMigration(deps, migrationId, async () => {
    const handle = await deps.temporal.workflow.start(migrationWorkflow, {
      taskQueue: deps.taskQueue,
      workflowId: workflowIdOf(migrationId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ migrationId, plan, actor: { id: caller.principal, roles: [caller.role] }, paused }],
    });
    return progressOf(handle);
  });
}

/** The progress of a migration; 404 when it was never started. */
export async function migrationProgress(
  deps: ApplyDeps,
  caller: Principal,
  plan: MigrationPlan,
): Promise<CountedProgress> {
  await planVersions(deps.db, caller, plan);
  const migrationId = migrationIdOf(plan);
  return withMigration(deps, migrationId, () =>
    progressOf(deps.temporal.workflow.getHandle(workflowIdOf(migrationId))),
  );
}

/** Pauses (between cases) or resumes a migration under way; answers its progress. */
export async function steerMigration(
  deps: ApplyDeps,
  caller: Principal,
  plan: MigrationPlan,
  action: 'pause' | 'resume',
): Promise<CountedProgress> {
  await migrationProgress(deps, caller, plan);
  const migrationId = migrationIdOf(plan);
  return withMigration(deps, migrationId, async () => {
    const handle = deps.temporal.workflow.getHandle(workflowIdOf(migrationId));
    await handle.signal(action === 'pause' ? pauseMigrationSignal : resumeMigrationSignal);
    return progressOf(handle);
  });
}

/** Runs calls to a migration's workflow under the API's deadline: 404 when it never started, 503 when Temporal cannot answer. */
async function withMigration<R>(deps: ApplyDeps, migrationId: string, fn: () => Promise<R>): Promise<R> {
  try {
    return await withinDeadline(deps.temporal, TEMPORAL_DEADLINE_MS, fn);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError('migration', migrationId);
    throw fromTemporal(err, migrationId);
  }
}
