// Monthly outcomes shaped like UNHCR's resettlement statistics report (submissions, decisions,
// departures), counted from the projection by the milestones the steps of each case's pinned
// definition mark, within the caller's countries. GET /v1/monitoring/outcomes and the web app's
// statistics page both read them here.
import { isDecisionOutcome, milestoneReached } from '../../definitions/milestones';
import { pinnedDefinition } from '../../definitions/pinned';
import type { ResolvedDefinition } from '../../definitions/schema';
import type { Database } from '../../lib/database';
import { Prisma } from '../../lib/database';
import { countryFilter, type Principal } from '../access/roles';
import type { OutcomesQuery } from '../schemas/monitoring';
import type { z } from '../schemas/common';

/** SQL conditions for the caller's scope and the query's program / country, on table alias c. */
export function scope(caller: Principal, q: { program?: string; country?: string }): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  const countries = countryFilter(caller)?.in;
  if (countries) parts.push(Prisma.sql`c."country" IN (${Prisma.join(countries.length ? countries : [''])})`);
  if (q.program) parts.push(Prisma.sql`c."program" = ${q.program}`);
  if (q.country) parts.push(Prisma.sql`c."country" = ${q.country}`);
  return Prisma.join(parts, ' AND ');
}

/** Completed step visits per month, case definition, step and outcome: what the milestones are counted from. */
export interface VisitCount {
  month: string;
  program: string;
  country: string;
  definitionId: string;
  definitionVersion: number;
  step: string;
  outcome: string;
  visits: number;
}

/** One month of one program and country, in the RSR's shape. */
export interface MonthlyOutcome {
  month: string;
  program: string;
  country: string;
  submissions: number;
  decisions: { accepted: number; rejected: number; deferred: number };
  departures: number;
}

/**
 * Folds visit counts into monthly outcomes by the milestone each step marks in its case's
 * definition (a family's arrival counts as its departure); months with nothing are left out.
 */
export function monthlyOutcomes(
  counts: readonly VisitCount[],
  definitionOf: (id: string, version: number) => ResolvedDefinition | undefined,
): MonthlyOutcome[] {
  const months = new Map<string, MonthlyOutcome>();
  for (const c of counts) {
    const step = definitionOf(c.definitionId, c.definitionVersion)?.steps.find((s) => s.id === c.step);
    const milestone = step ? milestoneReached(step, c.outcome) : undefined;
    if (!milestone) continue;
    const key = `${c.month}|${c.program}|${c.country}`;
    const row = months.get(key) ?? {
      month: c.month,
      program: c.program,
      country: c.country,
      submissions: 0,
      decisions: { accepted: 0, rejected: 0, deferred: 0 },
      departures: 0,
    };
    months.set(key, row);
    if (milestone === 'submission') row.submissions += c.visits;
    else if (milestone === 'decision' && isDecisionOutcome(c.outcome)) row.decisions[c.outcome] += c.visits;
    else if (milestone === 'departure' || milestone === 'arrival') row.departures += c.visits;
  }
  const order = (r: MonthlyOutcome) => [r.month, r.program, r.country];
  return [...months.values()].sort((a, b) => order(a).join('|').localeCompare(order(b).join('|')));
}

async function definitionsOf(
  db: Database,
  counts: readonly VisitCount[],
): Promise<Map<string, ResolvedDefinition | undefined>> {
  const pins = new Map(counts.map((c) => [`${c.definitionId}@${c.definitionVersion}`, c]));
  const loaded = await Promise.all(
    [...pins].map(async ([key, c]) => [key, await pinnedDefinition(db, c)] as const),
  );
  return new Map(loaded);
}

/** The monthly outcomes the caller may see, filtered by program, country and months (YYYY-MM, inclusive). */
export async function monthlyOutcomesFor(
  db: Database,
  caller: Principal,
  query: z.infer<typeof OutcomesQuery>,
): Promise<MonthlyOutcome[]> {
  const from = query.from
    ? Prisma.sql`AND v."leftAt" >= ${new Date(`${query.from}-01T00:00:00Z`)}`
    : Prisma.empty;
  const to = query.to
    ? Prisma.sql`AND v."leftAt" < (${new Date(`${query.to}-01T00:00:00Z`)}::timestamptz + interval '1 month')`
    : Prisma.empty;
  const counts = await db.$queryRaw<VisitCount[]>`
    SELECT to_char(date_trunc('month', v."leftAt" AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, c."program", c."country",
      c."definitionId" AS "definitionId", c."definitionVersion" AS "definitionVersion", v."step", v."outcome", COUNT(*)::int AS visits
    FROM "StepVisit" v JOIN "Case" c ON c."id" = v."caseId"
    WHERE v."leftAt" IS NOT NULL AND v."outcome" IS NOT NULL ${from} ${to} AND ${scope(caller, query)}
    GROUP BY 1, 2, 3, 4, 5, 6, 7`;
  const definitions = await definitionsOf(db, counts);
  return monthlyOutcomes(counts, (id, version) => definitions.get(`${id}@${version}`));
}
