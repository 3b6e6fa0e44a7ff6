// The dry run of a migration plan: every live case on version `from` asks its own workflow
// where it would land (the preview query runs the same function as the move), and the answers
// are summed up. Nothing changes.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import { getVersion } from '../../definitions/store';
import type { ResolvedDefinition } from '../../definitions/schema';
import { liveCasesOf } from '../../activities/migration';
import {
  movePreviewQuery,
  type MigrationPlan,
  type MoveCaseInput,
  type MovePreview,
} from '../../contract/migration';
import { inScope, type Principal } from '../access/roles';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../errors';
import type { CaseMove, DryRunReport } from '../schemas/migrations';

/** How many cases are asked at the same time. */
const CONCURRENCY = 16;

export interface MigrationDeps {
  db: Database;
  temporal: Client;
}

/** The plan's two versions, checked: both published, and the caller's to move (its country). */
export async function planVersions(db: Database, caller: Principal, plan: MigrationPlan) {
  const [from, to] = await Promise.all([
    getVersion(plan.definitionId, plan.from, db),
    getVersion(plan.definitionId, plan.to, db),
  ]);
  if (!from) throw new NotFoundError('definition version', `${plan.definitionId}@${plan.from}`);
  if (!to) throw new NotFoundError('definition version', `${plan.definitionId}@${plan.to}`);
  if (!inScope(caller, to.country))
    throw new ForbiddenError(`your key does not cover country ${to.country ?? '(none)'}`, {
      country: to.country,
    });
  const problems = mappingProblems(plan, from.definition, to.definition);
  if (problems.length > 0)
    throw new RuleViolationError('the plan maps steps that do not exist', { problems });
  return { from, to };
}

/** Each mapped step must be a step of `from`, and go to a step of `to`. */
function mappingProblems(plan: MigrationPlan, from: ResolvedDefinition, to: ResolvedDefinition) {
  const has = (definition: ResolvedDefinition, id: string) => definition.steps.some((step) => step.id === id);
  return Object.entries(plan.steps).flatMap(([old, target]) => [
    ...(has(from, old)
      ? []
      : [{ path: `steps.${old}`, message: `"${old}" is not a step of version ${plan.from}` }]),
    ...(has(to, target)
      ? []
      : [{ path: `steps.${old}`, message: `"${target}" is not a step of version ${plan.to}` }]),
  ]);
}

/** Runs `work` over items, at most `limit` at a time, keeping their order. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index] as T);
  });
  await Promise.all(lanes);
  return results;
}

function caseMove(caseId: string, preview: MovePreview | undefined): CaseMove {
  if (!preview)
    return {
      caseId,
      movable: false,
      fromStep: null,
      toStep: null,
      dueAt: null,
      previousDueAt: null,
      remindersAtOnce: [],
      reason: 'no_answer',
      message: 'the case workflow did not answer (not running?)',
    };
  if (!preview.movable)
    return { ...preview, caseId, toStep: null, dueAt: null, previousDueAt: null, remindersAtOnce: [] };
  return { ...preview, caseId, reason: null, message: null };
}

function summary(cases: CaseMove[]): DryRunReport['summary'] {
  const byReason: Record<string, number> = {};
  for (const c of cases) if (c.reason) byReason[c.reason] = (byReason[c.reason] ?? 0) + 1;
  const reminders = cases.flatMap((c) => c.remindersAtOnce);
  const people = new Set(reminders.map((r) => r.to).filter((to) => !/^(role|partner):/.test(to)));
  const roles = new Set(reminders.map((r) => r.to).filter((to) => to.startsWith('role:')));
  return {
    cases: cases.length,
    movable: cases.filter((c) => c.movable).length,
    cannotMove: cases.filter((c) => !c.movable).length,
    byReason,
    remindersAtOnce: reminders.length,
    caseworkersReminded: people.size,
    rolesReminded: [...roles].sort(),
  };
}

/** The move input every case of a plan gets (the dry run's migration id is never recorded). */
export function moveInputFor(
  plan: MigrationPlan,
  definition: MoveCaseInput['definition'],
  caller: Principal,
  migrationId: string,
): MoveCaseInput {
  return { migrationId, plan, definition, actor: { id: caller.principal, roles: [caller.role] } };
}

/** Asks every live case on `from` what moving it to `to` would do. */
export async function dryRunMigration(
  { db, temporal }: MigrationDeps,
  caller: Principal,
  plan: MigrationPlan,
): Promise<DryRunReport> {
  const { to } = await planVersions(db, caller, plan);
  const input = moveInputFor(plan, to.definition, caller, 'dry-run');
  const cases = await inBatches(await liveCasesOf(db, plan), CONCURRENCY, async (row) => {
    const preview = await temporal.workflow
      .getHandle(row.workflowId)
      .query(movePreviewQuery, input)
      .catch(() => undefined);
    return caseMove(row.caseId, preview);
  });
  return {
    definitionId: plan.definitionId,
    from: plan.from,
    to: plan.to,
    dueDates: plan.dueDates,
    summary: summary(cases),
    cases,
  };
}
