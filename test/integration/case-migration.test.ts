// Moving running cases through the API on the dev server: 200 live cases of version 1, of
// which 50 wait at an approval whose role version 2 no longer has. The dry run reports each
// case and the summary counts first, and changes nothing; applying moves the 150 others by the
// migration workflow (paused and resumed on the way), each audited once, and again changes nothing.
import { publishDefinition } from '../../definitions/store';
import { ResolvedDefinition } from '../../definitions/schema';
import { database } from '../../lib/database';
import {
  apiDefinition,
  bearer,
  startApiHarness,
  startBody,
  TASK_QUEUE,
  type ApiHarness,
} from './api-harness';
import { inBatches } from '../../api/migrations/dry-run';
import { migrationActivities } from '../../activities/migration';
import { projectionActivities } from '../../activities/projection';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

let h: ApiHarness;
const db = database();
const CASES = 200;
const AT_REVIEW = 50;

jest.setTimeout(180_000);

function versions(): [ResolvedDefinition, ResolvedDefinition] {
  const v1 = ResolvedDefinition.parse({ ...apiDefinition('XA'), id: 'migrate-mini.xa' });
  const v2 = ResolvedDefinition.parse({
    ...v1,
    roles: ['caseworker', 'protection_officer'],
    start: 'needs_assessment',
    steps: v1.steps.map((step) => {
      if (step.id === 'assessment') return { ...step, id: 'needs_assessment', due: 'P3D' };
      if (step.id === 'review')
        return {
          ...step,
          owner: 'protection_officer',
          outcomes: { approved: 'decision', rejected: 'not_resettled', returned: 'needs_assessment' },
        };
      return step;
    }),
  });
  return [v1, v2];
}

let caseIds: string[] = [];
let from = 0;
let to = 0;

beforeAll(async () => {
  h = await startApiHarness({
    activities: () => ({
      ...projectionActivities(),
      ...migrationActivities({ db }),
      deliverNotification: async () => ({ sent: 0, alreadySent: 0, failed: 0 }),
      publishPartnerUpdate: async () => ({ queued: 0 }),
    }),
  });
  const [v1, v2] = versions();
  from = (await publishDefinition(v1, { publishedBy: 'migration-tests' })).version;
  caseIds = await inBatches(
    Array.from({ length: CASES }, (_, i) => i),
    12,
    async () => {
      const res = await h.http
        .post('/v1/cases')
        .set(bearer(h.keys.caseworker))
        .send(startBody(h, { definitionId: 'migrate-mini.xa' }));
      if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
  );
  await inBatches(caseIds.slice(0, AT_REVIEW), 12, async (id) => {
    const res = await h.http
      .post(`/v1/cases/${id}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
    if (res.status !== 200) throw new Error(`complete: ${res.status} ${JSON.stringify(res.body)}`);
  });
  to = (await publishDefinition(v2, { publishedBy: 'migration-tests' })).version;
}, 240_000);
afterAll(async () => {
  await h?.close();
  // The integration tests share one database: a second resettlement process for XA would be the
  // one later files get when they start a case by program and country (intake, api-cases).
  await db.case.deleteMany({ where: { definitionId: 'migrate-mini.xa' } });
  await db.definitionVersion.deleteMany({ where: { definitionId: 'migrate-mini.xa' } });
});

const ROOT = join(__dirname, '../..');
// Asynchronously: the case worker answering the CLI's queries runs in this process.
const cli = (...args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'scripts/migration-cli.ts'), ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: h.env.address,
          TEMPORAL_NAMESPACE: 'default',
          TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        },
        encoding: 'utf8',
        timeout: 90_000,
      },
      (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out, err }),
    );
  });

const dryRun = (body: Record<string, unknown>, key = h.keys.program_manager) =>
  h.http.post('/v1/definitions/migrate-mini.xa/migrations/dry-run').set(bearer(key)).send(body);

describe('the dry run of a migration', () => {
  it('reports every live case, summary first: where it lands, its new due date, and who cannot move and why', async () => {
    const res = await dryRun({ from, to, steps: { assessment: 'needs_assessment' }, dueDates: 'from_entry' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['definitionId', 'from', 'to', 'dueDates', 'summary', 'cases']);
    expect(res.body.summary).toEqual({
      cases: CASES,
      movable: CASES - AT_REVIEW,
      cannotMove: AT_REVIEW,
      byReason: { approver_role_removed: AT_REVIEW },
      remindersAtOnce: 0,
      caseworkersReminded: 0,
      rolesReminded: [],
    });
    const byId = new Map((res.body.cases as { caseId: string }[]).map((c) => [c.caseId, c]));
    const movable = byId.get(caseIds[CASES - 1] as string) as Record<string, string>;
    expect(movable).toMatchObject({ movable: true, fromStep: 'assessment', toStep: 'needs_assessment' });
    // Due three days after entry instead of five.
    expect(Date.parse(movable.previousDueAt as string) - Date.parse(movable.dueAt as string)).toBe(
      2 * 86_400_000,
    );
    expect(byId.get(caseIds[0] as string)).toMatchObject({
      movable: false,
      fromStep: 'review',
      reason: 'approver_role_removed',
      message: expect.stringContaining('waits for a supervisor'),
    });
    // Nothing moved.
    expect(await db.case.count({ where: { id: { in: caseIds }, definitionVersion: from } })).toBe(CASES);
  });

  it('counts a removed step that the plan does not map as a reason, per case', async () => {
    const res = await dryRun({ from, to, dueDates: 'keep' });
    expect(res.body.summary.byReason).toEqual({
      approver_role_removed: AT_REVIEW,
      step_removed: CASES - AT_REVIEW,
    });
  });

  it('refuses bad plans with the path and the reason, and other countries’ managers', async () => {
    expect((await dryRun({ from, to: from })).body.error.details.issues).toEqual([
      { path: 'body.to', message: 'must differ from from' },
    ]);
    expect((await dryRun({ from, to, dueDates: 'tomorrow' })).status).toBe(400);
    const unknown = await dryRun({ from, to, steps: { assesment: 'needs_assessment', review: 'revue' } });
    expect([unknown.status, unknown.body.error.details.problems]).toEqual([
      422,
      [
        { path: 'steps.assesment', message: `"assesment" is not a step of version ${from}` },
        { path: 'steps.review', message: `"revue" is not a step of version ${to}` },
      ],
    ]);
    expect((await dryRun({ from, to: 999 })).status).toBe(404);
    expect((await dryRun({ from, to }, h.keys.caseworker)).status).toBe(403);
  });
});

describe('the migration CLI', () => {
  it('prints the dry run, summary first, one line per case', async () => {
    const run = await cli(
      'dry-run',
      'migrate-mini.xa',
      '--from',
      String(from),
      '--to',
      String(to),
      '--map',
      'assessment=needs_assessment',
      '--due',
      'from_entry',
    );
    expect([run.code, run.err]).toEqual([0, '']);
    const lines = run.out.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      `migrate-mini.xa v${from} → v${to} (due dates: from_entry)`,
      `     ${CASES}  live cases`,
      `     ${CASES - AT_REVIEW}  can move`,
      `      ${AT_REVIEW}  cannot move`,
      `      ${AT_REVIEW}  approver_role_removed`,
      '       0  reminders sent at once, to 0 people',
    ]);
    expect(lines.filter((line) => line.includes('assessment → needs_assessment'))).toHaveLength(
      CASES - AT_REVIEW,
    );
  });

  it('says what is wrong with a plan (exit 2)', async () => {
    expect(
      await cli(
        'dry-run',
        'migrate-mini.xa',
        '--from',
        String(from),
        '--to',
        String(to),
        '--map',
        'assesment=needs_assessment',
      ),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining(`steps.assesment: "assesment" is not a step of version ${from}`),
    });
    expect(await cli('dry-run', 'migrate-mini.xa', '--from', '1', '--to', '999')).toMatchObject({
      code: 2,
      err: expect.stringContaining('999'),
    });
    expect(
      await cli('dry-run', 'migrate-mini.xa', '--from', '1', '--to', '2', '--due', 'tomorrow'),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('dueDates'),
    });
  });
});

describe('applying a migration', () => {
  const apply = (body: Record<string, unknown>) =>
    h.http.post('/v1/definitions/migrate-mini.xa/migrations').set(bearer(h.keys.program_manager)).send(body);
  const progress = async (action?: 'pause' | 'resume') => {
    const path = `/v1/definitions/migrate-mini.xa/migrations/v${from}-v${to}`;
    const res = action
      ? await h.http.post(`${path}/${action}`).set(bearer(h.keys.program_manager))
      : await h.http.get(path).set(bearer(h.keys.program_manager));
    expect(res.status).toBe(200);
    return res.body;
  };
  async function finished() {
    for (let i = 0; i < 300; i += 1) {
      const now = await progress();
      if (now.state === 'done') return now;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the migration did not finish in 30 s');
  }
  const plan = () => ({ from, to, steps: { assessment: 'needs_assessment' }, dueDates: 'from_entry' });

  it('moves every movable case, skips the others with the reason, pauses and resumes, and a second run changes nothing', async () => {
    const started = await apply({ ...plan(), paused: true });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ migrationId: `migrate-mini.xa:v${from}-v${to}` });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await progress()).toMatchObject({ state: 'paused', total: CASES, done: 0 });
    expect(await db.case.count({ where: { id: { in: caseIds }, definitionVersion: to } })).toBe(0);
    await progress('resume');
    const done = await finished();
    expect(done).toMatchObject({ state: 'done', total: CASES, done: CASES, moved: CASES - AT_REVIEW });
    expect(done.skipped).toHaveLength(AT_REVIEW);
    expect(new Set(done.skipped.map((s: { reason: string }) => s.reason))).toEqual(
      new Set(['approver_role_removed']),
    );
    // The projection shows the moved cases on version 2, on the renamed step, due sooner.
    const moved = await db.case.findMany({ where: { id: { in: caseIds.slice(AT_REVIEW) } } });
    expect(moved.every((c) => c.definitionVersion === to && c.currentStep === 'needs_assessment')).toBe(true);
    expect(
      await db.case.count({ where: { id: { in: caseIds.slice(0, AT_REVIEW) }, definitionVersion: from } }),
    ).toBe(AT_REVIEW);
    // Audited once per case.
    expect(await db.caseEvent.count({ where: { caseId: { in: caseIds }, kind: 'case_moved' } })).toBe(
      CASES - AT_REVIEW,
    );
    // Applying the same plan again walks the cases and finds them moved.
    expect((await apply(plan())).status).toBe(202);
    const again = await finished();
    expect(again.moved).toBe(0);
    expect(await db.case.count({ where: { id: { in: caseIds } } })).toBe(CASES);
    expect(await db.caseEvent.count({ where: { caseId: { in: caseIds }, kind: 'case_moved' } })).toBe(
      CASES - AT_REVIEW,
    );
    // A moved case goes on under version 2.
    const next = await h.http
      .post(`/v1/cases/${caseIds[CASES - 1]}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'needs_assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ currentStep: 'review' });
  });

  it('moves them back with the CLI, showing progress: the case that went on to the new review cannot go back', async () => {
    const run = await cli(
      'apply',
      'migrate-mini.xa',
      '--from',
      String(to),
      '--to',
      String(from),
      '--map',
      'needs_assessment=assessment',
    );
    expect([run.code, run.err]).toEqual([0, '']);
    const lines = run.out.trim().split('\n');
    expect(lines).toContain(
      `done     ${CASES - AT_REVIEW}/${CASES - AT_REVIEW} done, ${CASES - AT_REVIEW - 1} moved, 1 skipped`,
    );
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^  ${caseIds[CASES - 1]} +approver_role_removed: `));
    expect(await db.case.count({ where: { id: { in: caseIds }, definitionVersion: from } })).toBe(CASES - 1);
  });
});
