// "My tasks": the open steps a person owns. A step is theirs when its owner role is one they
// hold (staff directory + key role) and either the case is assigned to them, or the step is
// an approval (reviews are taken by any holder of the role in the country).
import { sql, type Database, type Prisma } from '../../lib/database';
import { ResolvedDefinition } from '../../definitions/schema';
import { ownerOf } from '../../definitions/registry';
import { countryFilter, type Principal } from '../access/roles';
import { summaryOf } from './views';

/** The roles a caller acts with: their key's role plus the staff directory's roles. */
export async function rolesOf(db: Database, caller: Principal): Promise<Set<string>> {
  if (caller.directoryRoles) return new Set([caller.role, ...caller.directoryRoles]);
  const [staff] = await sql<{ roles: string[]; active: boolean }>(
    db,
    'SELECT roles, active FROM "Staff" WHERE email = $1',
    [caller.principal],
  );
  return new Set([caller.role, ...(staff?.active ? staff.roles : [])]);
}

// The distinct versions pinned by open cases, skipping through the (status, definitionId,
// definitionVersion) index: one probe per version, not one row per case. All countries: the
// caller's scope still filters the cases below.
const PINNED_VERSIONS = `
  WITH RECURSIVE pinned AS (
    (SELECT "definitionId", "definitionVersion" FROM "Case" WHERE status = 'open' ORDER BY 1, 2 LIMIT 1)
    UNION ALL
    SELECT next.* FROM pinned, LATERAL (
      SELECT "definitionId", "definitionVersion" FROM "Case"
      WHERE status = 'open' AND ("definitionId", "definitionVersion") > (pinned."definitionId", pinned."definitionVersion")
      ORDER BY 1, 2 LIMIT 1) next)
  SELECT "definitionId", "definitionVersion" FROM pinned`;

// Published versions never change: their steps are parsed once per content hash.
const stepsByContent = new Map<string, ResolvedDefinition['steps'] | null>();

async function pinnedSteps(db: Database, pinned: { definitionId: string; definitionVersion: number }[]) {
  if (pinned.length === 0) return [];
  const versions = await db.definitionVersion.findMany({
    where: { OR: pinned.map((p) => ({ definitionId: p.definitionId, version: p.definitionVersion })) },
    select: { id: true, definitionId: true, version: true, contentHash: true },
  });
  const key = (v: { definitionId: string; contentHash: string }) => `${v.definitionId}:${v.contentHash}`;
  const missing = versions.filter((v) => !stepsByContent.has(key(v)));
  if (missing.length > 0) {
    for (const row of await db.definitionVersion.findMany({
      where: { id: { in: missing.map((v) => v.id) } },
    })) {
      const parsed = ResolvedDefinition.safeParse(row.resolved);
      stepsByContent.set(key(row), parsed.success ? parsed.data.steps : null);
    }
  }
  return versions.map((v) => ({
    definitionId: v.definitionId,
    version: v.version,
    steps: stepsByContent.get(key(v)) ?? null,
  }));
}

/** Open cases whose current step the caller owns: overdue first, then soonest due. */
export async function myTasks(db: Database, caller: Principal, limit: number) {
  const roles = await rolesOf(db, caller);
  const scope = {
    status: 'open' as const,
    ...(countryFilter(caller) ? { country: countryFilter(caller) } : {}),
  };
  const versions = await pinnedSteps(
    db,
    await db.$queryRawUnsafe<{ definitionId: string; definitionVersion: number }[]>(PINNED_VERSIONS),
  );
  const mine: Prisma.CaseWhereInput[] = [];
  for (const version of versions) {
    if (!version.steps) continue;
    const owned = version.steps.filter((step) => roles.has(ownerOf(step) ?? ''));
    const pinnedTo = { definitionId: version.definitionId, definitionVersion: version.version };
    const ownedIds = owned.map((s) => s.id);
    const reviewIds = owned.filter((s) => s.kind === 'approval').map((s) => s.id);
    if (ownedIds.length)
      mine.push({ ...pinnedTo, assignee: caller.principal, currentStep: { in: ownedIds } });
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
  return rows.map((row) => ({
    ...summaryOf(row, now),
    reason: row.assignee === caller.principal ? ('assigned' as const) : ('review' as const),
  }));
}
