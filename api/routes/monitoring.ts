// Counts for monitoring and evaluation, from the projection: open cases per program, country
// and step; overdue per step; median time in step; and monthly outcomes shaped like UNHCR's
// resettlement statistics report (submissions, decisions, departures).
import type { Database } from '../../lib/database';
import { Prisma } from '../../lib/database';
import { countryFilter, STAFF, type Principal } from '../access/roles';
import type { ApiRoutes } from '../route';
import { MonitoringQuery, MonthlyOutcomes, OpenCounts, OutcomesQuery, OverdueCounts, TimeInStep } from '../schemas/monitoring';

/** Which step visit counts as which RSR milestone: step id and the outcome that leaves it. */
export const RSR_MILESTONES = {
  submissions: [{ step: 'submission', outcomes: ['submitted'] }, { step: 'visa_application', outcomes: ['lodged'] }],
  decisions: [{ step: 'state_decision' }, { step: 'embassy_decision' }],
  departures: [{ step: 'departure', outcomes: ['departed'] }, { step: 'reunited', outcomes: ['arrived'] }],
} as const;

const MONITORS = STAFF.filter((role) => role !== 'caseworker');

// SQL conditions for the caller's scope and the query's program / country, on table alias c.
function scope(caller: Principal, q: { program?: string; country?: string }): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  const countries = countryFilter(caller)?.in;
  if (countries) parts.push(Prisma.sql`c."country" IN (${Prisma.join(countries.length ? countries : [''])})`);
  if (q.program) parts.push(Prisma.sql`c."program" = ${q.program}`);
  if (q.country) parts.push(Prisma.sql`c."country" = ${q.country}`);
  return Prisma.join(parts, ' AND ');
}

const stepsOf = (milestone: readonly { step: string }[]) => Prisma.join(milestone.map((m) => m.step));
const outcomesOf = (milestone: readonly { outcomes?: readonly string[] }[]) =>
  Prisma.join(milestone.flatMap((m) => m.outcomes ?? []));

/** Declares the /v1/monitoring routes. */
export function monitoringRoutes(routes: ApiRoutes, { db }: { db: Database }): void {
  routes.add({
    method: 'get', path: '/v1/monitoring/open', tag: 'monitoring', roles: MONITORS,
    summary: 'Open cases per program, country and step', query: MonitoringQuery, response: OpenCounts,
    handler: async ({ caller, query }) => ({
      open: await db.$queryRaw<{ program: string; country: string; step: string | null; open: number; onHold: number }[]>`
        SELECT c."program", c."country", c."currentStep" AS step,
          COUNT(*) FILTER (WHERE c."status" = 'open')::int AS open, COUNT(*) FILTER (WHERE c."status" = 'on_hold')::int AS "onHold"
        FROM "Case" c WHERE c."status" <> 'closed' AND ${scope(caller, query)}
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    }),
  });

  routes.add({
    method: 'get', path: '/v1/monitoring/overdue', tag: 'monitoring', roles: MONITORS,
    summary: 'Overdue cases per step', query: MonitoringQuery, response: OverdueCounts,
    handler: async ({ caller, query }) => ({
      overdue: await db.$queryRaw<{ program: string; country: string; step: string | null; overdue: number }[]>`
        SELECT c."program", c."country", c."currentStep" AS step, COUNT(*)::int AS overdue
        FROM "Case" c WHERE c."status" = 'open' AND c."dueAt" < now() AND ${scope(caller, query)}
        GROUP BY 1, 2, 3 ORDER BY overdue DESC, 1, 2, 3`,
    }),
  });

  routes.add({
    method: 'get', path: '/v1/monitoring/time-in-step', tag: 'monitoring', roles: MONITORS,
    summary: 'Median time cases spent in each step (completed visits)', query: MonitoringQuery, response: TimeInStep,
    handler: async ({ caller, query }) => ({
      steps: await db.$queryRaw<{ program: string; step: string; visits: number; medianHours: number }[]>`
        SELECT c."program", v."step", COUNT(*)::int AS visits,
          (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM v."leftAt" - v."enteredAt")) / 3600)::float8 AS "medianHours"
        FROM "StepVisit" v JOIN "Case" c ON c."id" = v."caseId"
        WHERE v."leftAt" IS NOT NULL AND ${scope(caller, query)}
        GROUP BY 1, 2 ORDER BY 1, 2`,
    }),
  });

  routes.add({
    method: 'get', path: '/v1/monitoring/outcomes', tag: 'monitoring', roles: MONITORS,
    summary: 'Outcomes per month: submissions, decisions, departures (RSR shape)', query: OutcomesQuery, response: MonthlyOutcomes,
    handler: async ({ caller, query }) => {
      const from = query.from ? Prisma.sql`AND v."leftAt" >= ${new Date(`${query.from}-01T00:00:00Z`)}` : Prisma.empty;
      const to = query.to ? Prisma.sql`AND v."leftAt" < (${new Date(`${query.to}-01T00:00:00Z`)}::timestamptz + interval '1 month')` : Prisma.empty;
      const rows = await db.$queryRaw<{ month: string; program: string; country: string; submissions: number; accepted: number; rejected: number; deferred: number; departures: number }[]>`
        SELECT to_char(date_trunc('month', v."leftAt" AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, c."program", c."country",
          COUNT(*) FILTER (WHERE v."step" IN (${stepsOf(RSR_MILESTONES.submissions)}) AND v."outcome" IN (${outcomesOf(RSR_MILESTONES.submissions)}))::int AS submissions,
          COUNT(*) FILTER (WHERE v."step" IN (${stepsOf(RSR_MILESTONES.decisions)}) AND v."outcome" = 'accepted')::int AS accepted,
          COUNT(*) FILTER (WHERE v."step" IN (${stepsOf(RSR_MILESTONES.decisions)}) AND v."outcome" = 'rejected')::int AS rejected,
          COUNT(*) FILTER (WHERE v."step" IN (${stepsOf(RSR_MILESTONES.decisions)}) AND v."outcome" = 'deferred')::int AS deferred,
          COUNT(*) FILTER (WHERE v."step" IN (${stepsOf(RSR_MILESTONES.departures)}) AND v."outcome" IN (${outcomesOf(RSR_MILESTONES.departures)}))::int AS departures
        FROM "StepVisit" v JOIN "Case" c ON c."id" = v."caseId"
        WHERE v."leftAt" IS NOT NULL ${from} ${to} AND ${scope(caller, query)}
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
      return {
        months: rows
          .filter((r) => r.submissions + r.accepted + r.rejected + r.deferred + r.departures > 0)
          .map((r) => ({ month: r.month, program: r.program, country: r.country, submissions: r.submissions, decisions: { accepted: r.accepted, rejected: r.rejected, deferred: r.deferred }, departures: r.departures })),
      };
    },
  });
}
