// The migration workflow's activities: list the live cases of a version, and move one case by
// its own update. The target definition is read from the store here (once per process and
// version), so the migration's history does not carry a copy per case.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Database } from '../lib/database';
import { getVersion } from '../definitions/store';
import type { ResolvedDefinition } from '../definitions/schema';
import {
  moveCaseUpdate,
  movePreviewQuery,
  type CaseMoveResult,
  type MigrationActivities,
  type MigrationCase,
  type MigrationCasesPage,
  type MigrationPlan,
} from '../contract/migration';
import { ApplicationFailure } from '@temporalio/common';

/** The live (open or on hold) cases on the plan's `from` version by id: a page of them, or all. */
export async function liveCasesOf(
  db: Database,
  plan: MigrationPlan,
  page?: MigrationCasesPage,
): Promise<MigrationCase[]> {
  const rows = await db.case.findMany({
    where: {
      ...liveOnFrom(plan),
      ...(page?.after != null ? { id: { gt: page.after } } : {}),
    },
    select: { id: true, workflowId: true },
    orderBy: { id: 'asc' },
    ...(page ? { take: page.limit } : {}),
  });
  return rows.map((row) => ({ caseId: row.id, workflowId: row.workflowId }));
}

/** The cases a plan moves: live on its `from` version. */
function liveOnFrom(plan: MigrationPlan) {
  return {
    definitionId: plan.definitionId,
    definitionVersion: plan.from,
    status: { not: 'closed' as const },
  };
}

/** The migration activities over a database. */
export function migrationActivities({ db }: { db: Database }): MigrationActivities {
  const definitions = new Map<string, Promise<ResolvedDefinition>>();
  const target = (plan: MigrationPlan) => {
    const key = `${plan.definitionId}@${plan.to}`;
    let found = definitions.get(key);
    if (!found) {
      found = getVersion(plan.definitionId, plan.to, db).then((version) => {
        if (!version) throw ApplicationFailure.nonRetryable(`no published version ${key}`, 'NotFound');
        return version.definition;
      });
      definitions.set(key, found);
      found.catch(() => definitions.delete(key));
    }
    return found;
  };
  return {
    migrationCases: (plan, page) => liveCasesOf(db, plan, page),
    migrationCaseCount: (plan) => db.case.count({ where: liveOnFrom(plan) }),
    async moveOneCase({ caseId, workflowId, migrationId, plan, actor }): Promise<CaseMoveResult> {
      const input = { migrationId, plan, actor, definition: await target(plan) };
      const handle = Context.current().client.workflow.getHandle(workflowId);
      try {
        const preview = await handle.query(movePreviewQuery, input);
        if (!preview.movable)
          return { caseId, outcome: 'skipped', reason: preview.reason, message: preview.message };
        await handle.executeUpdate(moveCaseUpdate, { args: [input] });
        return { caseId, outcome: 'moved' };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError)
          return {
            caseId,
            outcome: 'skipped',
            reason: 'refused',
            message: err.cause?.message ?? err.message,
          };
        if (err instanceof WorkflowNotFoundError)
          return {
            caseId,
            outcome: 'skipped',
            reason: 'no_answer',
            message: 'the case workflow is not running',
          };
        throw err;
      }
    },
  };
}
