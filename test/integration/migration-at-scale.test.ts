// A migration of a version with 40,000 live cases, as a country operation has, through the API on
// the dev server. Listed all at once, those cases made one activity result of about 2.5 MB, past
// Temporal's 2 MB payload limit, and the migration failed before moving any. Now it lists them
// a page at a time and counts its skipped cases, listing only the first ones. The rows are
// written straight to the projection (no workflows), so each move finds no case to answer: the
// migration skips it with the reason, which is what this test reads.
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { migrationActivities } from '../../activities/migration';
import { projectionActivities } from '../../activities/projection';
import { SKIPPED_LISTED } from '../../contract/migration';
import { MIGRATION_PAGE } from '../../workflows/migration.workflow';
import { apiDefinition, bearer, startApiHarness, type ApiHarness } from './api-harness';

const ID = 'migrate-scale.xa';
const CASES = 40_000;
let h: ApiHarness;
const db = database();
let from = 0;
let to = 0;

jest.setTimeout(240_000);

beforeAll(async () => {
  h = await startApiHarness({
    activities: () => ({ ...projectionActivities(), ...migrationActivities({ db }) }),
  });
  const v1 = ResolvedDefinition.parse({ ...apiDefinition('XA'), id: ID, title: 'Scale v1' });
  from = (await publishDefinition(v1, { publishedBy: 'migration-scale-tests' })).version;
  to = (await publishDefinition({ ...v1, title: 'Scale v2' }, { publishedBy: 'migration-scale-tests' }))
    .version;
  await db.$executeRawUnsafe(
    `INSERT INTO "Case" ("id", "reference", "workflowId", "program", "country", "definitionId",
       "definitionVersion", "priority", "status", "currentStep", "assignee", "updatedAt")
     SELECT 'C-SCALE' || lpad(n::text, 7, '0'), 'SCALE-' || n, 'case-C-SCALE' || lpad(n::text, 7, '0'),
       'resettlement', 'XA', $1, $2, 'normal', 'open', 'assessment', 'nobody@pathways.test', now()
     FROM generate_series(1, ${CASES}) AS n`,
    ID,
    from,
  );
}, 240_000);

afterAll(async () => {
  await h?.client.workflow
    .getHandle(`migration-${ID}:v${from}-v${to}`)
    .terminate('test done')
    .catch(() => undefined);
  await h?.close();
  await db.case.deleteMany({ where: { definitionId: ID } });
  await db.definitionVersion.deleteMany({ where: { definitionId: ID } });
});

const path = () => `/v1/definitions/${ID}/migrations/v${from}-v${to}`;
async function progressUntil(ok: (p: Record<string, unknown>) => boolean, what: string) {
  for (let i = 0; i < 600; i += 1) {
    const res = await h.http.get(path()).set(bearer(h.keys.program_manager));
    if (res.status === 200 && ok(res.body)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the migration did not get to ${what}`);
}

it('lists 40,000 cases a page at a time, and counts the skipped ones while listing the first', async () => {
  const started = await h.http
    .post(`/v1/definitions/${ID}/migrations`)
    .set(bearer(h.keys.program_manager))
    .send({ from, to, paused: true });
  expect(started.status).toBe(202);
  expect(await progressUntil((p) => p.total === CASES, 'its total')).toMatchObject({
    state: 'paused',
    total: CASES,
    done: 0,
  });

  await h.http.post(`${path()}/resume`).set(bearer(h.keys.program_manager)).expect(200);
  await progressUntil((p) => Number(p.done) > 2 * MIGRATION_PAGE, 'its third page');
  await h.http.post(`${path()}/pause`).set(bearer(h.keys.program_manager)).expect(200);
  const paused = await progressUntil((p) => p.state === 'paused', 'a pause');
  // Every case so far had no workflow to answer: each is counted, the first ones listed with the reason.
  expect(paused.moved).toBe(0);
  expect(paused.skippedCount).toBe(paused.done);
  expect(paused.skipped).toHaveLength(SKIPPED_LISTED);
  expect((paused.skipped as { caseId: string; reason: string }[])[0]).toMatchObject({
    caseId: 'C-SCALE0000001',
    reason: 'no_answer',
  });
  // The migration's history holds pages, not one list of every case.
  const history = await h.client.workflow.getHandle(`migration-${ID}:v${from}-v${to}`).fetchHistory();
  const listings = (history.events ?? []).filter(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'migrationCases',
  );
  expect(listings.length).toBeGreaterThanOrEqual(3);
});
