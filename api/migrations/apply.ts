// Applying a migration plan: one migration workflow per plan (its id names the definition and
// both versions, so applying the same plan again joins the run under way, or walks the cases
// again and finds them moved), its progress, and pausing or resuming it between cases.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
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

/** Starts moving the plan's cases (or joins the run under way); answers its progress so far. */
export async function applyMigration(
  deps: ApplyDeps,
  caller: Principal,
  plan: MigrationPlan,
  paused = false,
): Promise<MigrationProgress> {
  await planVersions(deps.db, caller, plan);
  const migrationId = migrationIdOf(plan);
  const handle = await deps.temporal.workflow.start(migrationWorkflow, {
    taskQueue: deps.taskQueue,
    workflowId: workflowIdOf(migrationId),
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{ migrationId, plan, actor: { id: caller.principal, roles: [caller.role] }, paused }],
  });
  return handle.query(migrationProgressQuery);
}

/** The progress of a migration; 404 when it was never started. */
export async function migrationProgress(
  deps: ApplyDeps,
  caller: Principal,
  plan: MigrationPlan,
): Promise<MigrationProgress> {
  await planVersions(deps.db, caller, plan);
  const migrationId = migrationIdOf(plan);
  try {
    return await deps.temporal.workflow.getHandle(workflowIdOf(migrationId)).query(migrationProgressQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError('migration', migrationId);
    throw err;
  }
}

/** Pauses (between cases) or resumes a migration under way; answers its progress. */
export async function steerMigration(
  deps: ApplyDeps,
  caller: Principal,
  plan: MigrationPlan,
  action: 'pause' | 'resume',
): Promise<MigrationProgress> {
  await migrationProgress(deps, caller, plan);
  const handle = deps.temporal.workflow.getHandle(workflowIdOf(migrationIdOf(plan)));
  await handle.signal(action === 'pause' ? pauseMigrationSignal : resumeMigrationSignal);
  return handle.query(migrationProgressQuery);
}
