// "My tasks": the open steps a person owns. A step is theirs when its owner role is one they
// hold (staff directory + key role) and either the case is assigned to them, or the step is
// an approval (reviews are taken by any holder of the role in the country).
import type { Database, Prisma } from '../../lib/database';
import { ResolvedDefinition } from '../../definitions/schema';
import { ownerOf } from '../../definitions/registry';
import { countryFilter, type Principal } from '../access/roles';
import { summaryOf } from './views';

/** The roles a caller acts with: their key's role plus the staff directory's roles. */
export async function rolesOf(db: Database, caller: Principal): Promise<Set<string>> {
  const staff = await db.staff.findUnique({ where: { email: caller.principal } });
  return new Set([caller.role, ...(staff?.active ? staff.roles : [])]);
}

/** Open cases whose current step the caller owns: overdue first, then soonest due. */
export async function myTasks(db: Database, caller: Principal, limit: number) {
  const roles = await rolesOf(db, caller);
  const scope = { status: 'open' as const, ...(countryFilter(caller) ? { country: countryFilter(caller) } : {}) };
  const pinned = await db.case.findMany({ where: scope, distinct: ['definitionId', 'definitionVersion'], select: { definitionId: true, definitionVersion: true } });
  const versions = pinned.length === 0 ? [] : await db.definitionVersion.findMany({
    where: { OR: pinned.map((p) => ({ definitionId: p.definitionId, version: p.definitionVersion })) },
  });
  const mine: Prisma.CaseWhereInput[] = [];
  for (const version of versions) {
    const parsed = ResolvedDefinition.safeParse(version.resolved);
    if (!parsed.success) continue;
    const owned = parsed.data.steps.filter((step) => roles.has(ownerOf(step) ?? ''));
    const pinnedTo = { definitionId: version.definitionId, definitionVersion: version.version };
    const ownedIds = owned.map((s) => s.id);
    const reviewIds = owned.filter((s) => s.kind === 'approval').map((s) => s.id);
    if (ownedIds.length) mine.push({ ...pinnedTo, assignee: caller.principal, currentStep: { in: ownedIds } });
    if (reviewIds.length) mine.push({ ...pinnedTo, currentStep: { in: reviewIds } });
  }
  if (mine.length === 0) return [];
  const now = new Date();
  const rows = await db.case.findMany({
    where: { ...scope, OR: mine },
    orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: limit,
  });
  // Ascending due date already puts every overdue case before every case still in time.
  return rows.map((row) => ({ ...summaryOf(row, now), reason: row.assignee === caller.principal ? 'assigned' as const : 'review' as const }));
}
