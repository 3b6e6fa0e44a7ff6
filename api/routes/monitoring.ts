// Counts for monitoring and evaluation, from the projection: open cases per program, country
// and step; overdue per step; median time in step; and monthly outcomes shaped like UNHCR's
// resettlement statistics report (api/monitoring/outcomes.ts, which the web app's statistics
// page reads too).
import type { Database } from '../../lib/database';
import { MONITORS } from '../access/roles';
import { monthlyOutcomesFor, scope } from '../monitoring/outcomes';
import type { ApiRoutes } from '../route';
import {
  MonitoringQuery,
  MonthlyOutcomes,
  OpenCounts,
  OutcomesQuery,
  OverdueCounts,
  TimeInStep,
} from '../schemas/monitoring';

/** Declares the /v1/monitoring routes. */
export function monitoringRoutes(routes: ApiRoutes, { db }: { db: Database }): void {
  routes.add({
    method: 'get',
    path: '/v1/monitoring/open',
    tag: 'monitoring',
    roles: MONITORS,
    summary: 'Open cases per program, country and step',
    query: MonitoringQuery,
    response: OpenCounts,
    handler: async ({ caller, query }) => ({
      open: await db.$queryRaw<
        { program: string; country: string; step: string | null; open: number; onHold: number }[]
      >`
        SELECT c."program", c."country", c."currentStep" AS step,
          COUNT(*) FILTER (WHERE c."status" = 'open')::int AS open, COUNT(*) FILTER (WHERE c."status" = 'on_hold')::int AS "onHold"
        FROM "Case" c WHERE c."status" <> 'closed' AND ${scope(caller, query)}
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    }),
  });

  routes.add({
    method: 'get',
    path: '/v1/monitoring/overdue',
    tag: 'monitoring',
    roles: MONITORS,
    summary: 'Overdue cases per step',
    query: MonitoringQuery,
    response: OverdueCounts,
    handler: async ({ caller, query }) => ({
      overdue: await db.$queryRaw<
        { program: string; country: string; step: string | null; overdue: number }[]
      >`
        SELECT c."program", c."country", c."currentStep" AS step, COUNT(*)::int AS overdue
        FROM "Case" c WHERE c."status" = 'open' AND c."dueAt" < now() AND ${scope(caller, query)}
        GROUP BY 1, 2, 3 ORDER BY overdue DESC, 1, 2, 3`,
    }),
  });

  routes.add({
    method: 'get',
    path: '/v1/monitoring/time-in-step',
    tag: 'monitoring',
    roles: MONITORS,
    summary: 'Median time cases spent in each step (completed visits)',
    query: MonitoringQuery,
    response: TimeInStep,
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
    method: 'get',
    path: '/v1/monitoring/outcomes',
    tag: 'monitoring',
    roles: MONITORS,
    summary: 'Outcomes per month: submissions, decisions, departures (RSR shape)',
    query: OutcomesQuery,
    response: MonthlyOutcomes,
    handler: async ({ caller, query }) => ({ months: await monthlyOutcomesFor(db, caller, query) }),
  });
}
