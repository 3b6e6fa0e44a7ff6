// List at scale: 1,000,000 case rows inserted straight into PostgreSQL (generate_series), then
// p50/p99 of the main list and filter queries through the API's own query code
// (api/cases/list.ts, api/cases/tasks.ts), and the plan PostgreSQL chose for each statement.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { listCases } from '../api/cases/list';
import { myTasks } from '../api/cases/tasks';
import { publishAll, SAMPLES_DIR } from '../definitions/load';
import type { Principal } from '../api/access/roles';
import { CaseListQuery } from '../api/schemas/cases';
import { closeDatabase, createDatabase } from '../lib/database';
import { keyring } from '../lib/keyring';
import { migrateDatabase } from '../lib/migrate';
import { adminQuery, adminUrl, withDatabase } from '../test/support/database';
import { percentile, printTable } from './bundle';

const ROWS = Number(process.env.BENCH_LIST_ROWS ?? 1_000_000);
const RUNS = 200;
const BUDGET_MS = 20_000;
const principal = (role: Principal['role'], countries: string[], who = 'bench@pathways.test'): Principal => ({
  keyId: 'bench',
  principal: who,
  role,
  countries,
  partnerId: null,
});

// The first steps of the resettlement sample (cases are pinned to its published version).
const STEPS = [
  'identification',
  'registration_check',
  'needs_assessment',
  'interview',
  'rrf',
  'supervisor_approval',
  'submission',
  'state_decision',
];

// Spread like a real caseload: 8 countries, 8 steps, 400 assignees, due dates ±60 days.
const FILL = (rows: number, version: number) => `
  INSERT INTO "Partner" (id, name, kind, "contactEmail", "sharingProfile")
    SELECT 'partner-' || p, 'Partner ' || p, 'ngo', 'p' || p || '@ngo.test', '{"fields":[],"events":[]}'
    FROM generate_series(0, 19) p;
  INSERT INTO "Case" (id, reference, "workflowId", program, country, "definitionId", "definitionVersion", priority,
                      status, "currentStep", "currentVisit", assignee, "dueAt", "openedAt", "updatedAt")
    SELECT 'C-' || lpad(i::text, 12, '0'), 'REF-' || i, 'case-C-' || lpad(i::text, 12, '0'),
           (ARRAY['resettlement','family-reunification'])[1 + i % 2], (ARRAY['KE','UG','TZ','EC','DE','ET','SD','JO'])[1 + i % 8],
           'resettlement', ${version}, (ARRAY['normal','urgent','emergency','normal'])[1 + i % 4],
           (CASE WHEN i % 10 = 0 THEN 'closed' WHEN i % 10 = 1 THEN 'on_hold' ELSE 'open' END)::"CaseStatus",
           (ARRAY[${STEPS.map((s) => `'${s}'`).join(',')}])[1 + i % ${STEPS.length}], 1 + i % 3, 'worker' || (i % 400) || '@pathways.test',
           now() + ((i % 120) - 60) * interval '1 day' + (i % 1440) * interval '1 minute',
           now() - (i % 700) * interval '1 day', now()
    FROM generate_series(1, ${rows}) i;
  INSERT INTO "CasePartner" ("caseId", "partnerId", role, consent, "caseDueAt", "caseOpenedAt")
    SELECT c.id, 'partner-' || (i % 20), 'referring', ARRAY['status_updates'], c."dueAt", c."openedAt"
    FROM generate_series(1, ${rows}, 3) i JOIN "Case" c ON c.id = 'C-' || lpad(i::text, 12, '0');
  ANALYZE;`;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

// A plan in one line: each node, its index or table, its children in brackets.
function shape(node: PlanNode): string {
  const on = node['Index Name'] ?? node['Relation Name'];
  const children = node.Plans?.length ? ` [${node.Plans.map(shape).join(', ')}]` : '';
  return `${node['Node Type']}${on ? ` ${on}` : ''}${children}`;
}

// The statements one run of a query sends, explained with the same parameters.
async function plansOf(url: string, runQuery: (db: PrismaClient) => Promise<unknown>): Promise<string[]> {
  const logged = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 1 }),
    log: [{ emit: 'event', level: 'query' }],
  });
  const statements: { query: string; params: unknown[] }[] = [];
  logged.$on('query', (e) => statements.push({ query: e.query, params: JSON.parse(e.params) as unknown[] }));
  try {
    await runQuery(logged);
    const plans: string[] = [];
    for (const { query, params } of statements) {
      if (!/^\s*(SELECT|WITH)/i.test(query)) continue;
      const [row] = await logged.$queryRawUnsafe<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(
        `EXPLAIN (FORMAT JSON) ${query}`,
        ...params,
      );
      plans.push(shape(row!['QUERY PLAN'][0]!.Plan));
    }
    return plans;
  } finally {
    await logged.$disconnect();
  }
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const name = `pathways_list_scale_${Date.now()}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl(), name);
  const db = createDatabase(url);
  try {
    await migrateDatabase(url);
    process.env.DATABASE_URL = url; // publishAll writes through the process-wide client
    const published = await publishAll(SAMPLES_DIR, 'bench');
    const version = published.find((p) => p.definitionId === 'resettlement')!.version;
    const filled = performance.now();
    await db.$executeRawUnsafe('SELECT 1'); // connect before timing the fill
    for (const statement of FILL(ROWS, version)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean))
      await db.$executeRawUnsafe(statement);
    const fillSeconds = (performance.now() - filled) / 1000;

    const keys = keyring(); // partner views open the applicant's sealed data
    const admin = principal('admin', []);
    const keCaseworker = principal('caseworker', ['KE'], 'worker8@pathways.test');
    const partner7: Principal = { ...principal('partner', [], 'api@partner-7.test'), partnerId: 'partner-7' };
    const firstPage = await listCases(
      db,
      keys,
      admin,
      CaseListQuery.parse({ program: 'resettlement', country: 'KE', status: 'open' }),
    );
    const queries: [string, (on: PrismaClient) => Promise<unknown>][] = [
      ['all, by due date', (on) => listCases(on, keys, admin, CaseListQuery.parse({}))],
      [
        'program+country+status',
        (on) =>
          listCases(
            on,
            keys,
            admin,
            CaseListQuery.parse({ program: 'resettlement', country: 'KE', status: 'open' }),
          ),
      ],
      [
        '… next page (cursor)',
        (on) =>
          listCases(
            on,
            keys,
            admin,
            CaseListQuery.parse({
              program: 'resettlement',
              country: 'KE',
              status: 'open',
              cursor: firstPage.nextCursor,
            }),
          ),
      ],
      [
        'overdue in a country',
        (on) => listCases(on, keys, admin, CaseListQuery.parse({ country: 'UG', overdue: 'true' })),
      ],
      [
        'assignee',
        (on) => listCases(on, keys, admin, CaseListQuery.parse({ assignee: 'worker17@pathways.test' })),
      ],
      [
        'step+status',
        (on) => listCases(on, keys, admin, CaseListQuery.parse({ step: 'interview', status: 'open' })),
      ],
      ['partner filter', (on) => listCases(on, keys, admin, CaseListQuery.parse({ partner: 'partner-7' }))],
      ['partner’s own list', (on) => listCases(on, keys, partner7, CaseListQuery.parse({}))],
      ['caseworker scope, by due', (on) => listCases(on, keys, keCaseworker, CaseListQuery.parse({}))],
      [
        'caseworker scope, by opened',
        (on) => listCases(on, keys, keCaseworker, CaseListQuery.parse({ sort: 'openedAt' })),
      ],
      ['my tasks', (on) => myTasks(on, keCaseworker, 20)],
    ];
    const rows: Record<string, string | number>[] = [];
    const plans: [string, string[]][] = [];
    for (const [query, runOn] of queries) {
      const runQuery = () => runOn(db);
      const failure = await runQuery().then(
        () => null,
        (err: Error) => err.message.trim().split('\n').pop()!.slice(0, 60),
      );
      if (failure) {
        rows.push({ query, runs: 0, 'p50 ms': 'error', 'p99 ms': failure });
        continue;
      }
      for (let n = 0; n < 10; n += 1) await runQuery(); // warm-up
      const times: number[] = [];
      // At most RUNS runs or BUDGET_MS of them, so that a slow query reports instead of stalling the bench.
      for (
        let n = 0, spent = 0;
        n < RUNS && spent < BUDGET_MS;
        n += 1, spent = times.reduce((a, b) => a + b, 0)
      ) {
        const t = performance.now();
        await runQuery();
        times.push(performance.now() - t);
      }
      rows.push({
        query,
        runs: times.length,
        'p50 ms': percentile(times, 50).toFixed(1),
        'p99 ms': percentile(times, 99).toFixed(1),
      });
      plans.push([query, await plansOf(url, runOn)]);
    }
    printTable(
      `List at scale: ${ROWS} cases, filled in ${fillSeconds.toFixed(1)} s (target: p99 ≤ 50 ms)`,
      rows,
    );
    console.log('\nPlans (one line per statement a query sends, in order):');
    for (const [query, shapes] of plans)
      console.log(`  ${query}\n${shapes.map((p) => `    ${p}`).join('\n')}`);
    const worst = rows
      .filter((r) => r.runs !== 0)
      .reduce((a, b) => (Number(b['p99 ms']) > Number(a['p99 ms']) ? b : a));
    return { rows: ROWS, 'worst p99 ms': worst['p99 ms']!, 'worst query': worst.query! };
  } finally {
    await closeDatabase();
    await db.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
