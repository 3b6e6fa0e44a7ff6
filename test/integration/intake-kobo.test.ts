// KoboToolbox submissions through the real API, Temporal dev server, worker and PostgreSQL: a
// source's mapping and token, a submission that starts a case, Kobo's retries and concurrent
// duplicates that start nothing twice, and a submission that does not map: kept sealed, listed
// without personal data, fixed and retried. Personal data never reaches the logs.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApiKey } from '../../api/access/api-keys';
import { createApp } from '../../api/app';
import { keyring } from '../../lib/keyring';
import { database } from '../../lib/database';
import { captureLogs } from '../support/logs';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import {
  apiDefinition,
  bearer,
  NAMESPACE,
  startApiHarness,
  TASK_QUEUE,
  type ApiHarness,
} from './api-harness';

const FIXTURES = join(__dirname, '../fixtures/intake');
const db = database();
const logs = captureLogs('info');
let h: ApiHarness;
let source: string;
let token: string;

jest.setTimeout(60_000);

function mappingText(): string {
  // The process is named: XA has several resettlement processes in the tests' database, and a
  // start by program and country refuses to choose between them (api-cases.test.ts).
  return readFileSync(join(FIXTURES, 'referral-mapping.yaml'), 'utf8')
    .replace('program: { value: resettlement }', 'definitionId: { value: api-mini.xa }')
    .replaceAll('{{assignee}}', h.staff.caseworker)
    .replaceAll('{{partner}}', h.partners.a);
}

function submission(name: string, uuid = randomUUID()): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(FIXTURES, `${name}.json`), 'utf8').replaceAll('UUID_PLACEHOLDER', uuid),
  );
}

const post = (body: Record<string, unknown>, auth = `Token ${token}`) =>
  h.http.post(`/v1/intake/${source}`).set('Authorization', auth).send(body);

beforeAll(async () => {
  h = await startApiHarness({ app: { logger: logs.logger } });
  source = `kobo-${h.run}`;
  const saved = await h.http
    .put(`/v1/intake/${source}/mapping`)
    .set(bearer(h.keys.program_manager))
    .send({ mapping: mappingText(), countries: ['XA'] });
  expect(saved.status).toBe(201);
  token = saved.body.token;
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('intake sources', () => {
  it('refuses a bad mapping with the path of each problem, and keeps the old one', async () => {
    const res = await h.http
      .put(`/v1/intake/${source}/mapping`)
      .set(bearer(h.keys.program_manager))
      .send({
        mapping: mappingText()
          .replace('required: true }', 'requird: true }')
          .replace('role: referring', 'role: sponsor'),
        countries: ['XA'],
      });
    expect(res.status).toBe(422);
    expect(res.body.error.details.issues).toEqual(
      expect.arrayContaining([
        { path: 'body.mapping.case.country.requird', message: 'is not a known field' },
        expect.objectContaining({ path: 'body.mapping.partners[0].role' }),
      ]),
    );
    const row = await db.intakeSource.findUniqueOrThrow({ where: { id: source } });
    expect(row.mapping).toBe(mappingText());
    expect(row.tokenHash).not.toContain(token);
  });

  it('a manager of another country may not manage the source or see what it refused', async () => {
    const { key } = await createApiKey(db, {
      principal: `pm-xb.${h.run}@pathways.test`,
      role: 'program_manager',
      countries: ['XB'],
    });
    expect((await h.http.get(`/v1/intake/${source}/rejected`).set(bearer(key))).status).toBe(403);
    expect((await h.http.post(`/v1/intake/${source}/token`).set(bearer(key))).status).toBe(403);
    const takeOver = await h.http
      .put(`/v1/intake/${source}/mapping`)
      .set(bearer(key))
      .send({ mapping: mappingText(), countries: ['XB'] });
    expect(takeOver.status).toBe(403);
  });
});

describe('Kobo submissions', () => {
  it('a good submission starts a case with the mapped data (201), its step data sealed beside it', async () => {
    const uuid = randomUUID();
    const res = await post(submission('referral-good', uuid));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: 'started',
      submissionId: expect.any(String),
      caseId: expect.stringMatching(/^C-/),
    });
    const read = await h.http.get(`/v1/cases/${res.body.caseId}`).set(bearer(h.keys.caseworker));
    expect(read.body).toMatchObject({
      reference: `${source}-${uuid}`,
      program: 'resettlement',
      country: 'XA',
      priority: 'urgent',
      currentStep: 'assessment',
      assignee: h.staff.caseworker,
      partners: [{ partnerId: h.partners.a, role: 'referring', consent: ['case_updates'] }],
      applicant: {
        givenName: 'Hodan',
        familyName: 'Warsame',
        nationality: 'SO',
        dependants: [
          expect.objectContaining({ givenName: 'Abdi', relationship: 'child' }),
          expect.objectContaining({ givenName: 'Sagal', birthDate: '2018-08-21' }),
        ],
      },
    });
    // The household's members are people of the case (for the steps done once per child).
    const people = await db.casePerson.findMany({ where: { caseId: res.body.caseId } });
    expect(people.map((p) => [p.relationship, p.addedBy])).toEqual([
      ['child', `intake:${source}`],
      ['child', `intake:${source}`],
    ]);
    const row = await db.intakeSubmission.findUniqueOrThrow({ where: { id: res.body.submissionId } });
    expect(row).toMatchObject({ status: 'started', caseId: res.body.caseId, payload: null, key: uuid });
    expect(JSON.parse(keyring().open(row.stepData!))).toEqual({ category: 'legal_physical_protection' });
    const started = await db.auditEntry.findFirst({
      where: { caseId: res.body.caseId, action: 'case.start' },
    });
    expect(started?.principal).toBe(`intake:${source}`);
  });

  it("Kobo's retry of the same _uuid answers 200 with the same case and starts nothing", async () => {
    const body = submission('referral-good');
    const first = await post(body);
    const runId = (await h.client.workflow.getHandle(`case-${first.body.caseId}`).describe()).runId;
    const retry = await post(body);
    expect(retry.status).toBe(200);
    expect(retry.body.caseId).toBe(first.body.caseId);
    expect(await db.case.count({ where: { reference: `${source}-${body._uuid as string}` } })).toBe(1);
    expect((await h.client.workflow.getHandle(`case-${first.body.caseId}`).describe()).runId).toBe(runId);
    const row = await db.intakeSubmission.findUniqueOrThrow({ where: { id: first.body.submissionId } });
    expect(row.attempts).toBe(2);
  });

  it('two concurrent identical submissions start one case and one workflow', async () => {
    const body = submission('referral-good');
    const answers = await Promise.all([post(body), post(body), post(body)]);
    for (const answer of answers) expect([200, 201]).toContain(answer.status);
    const caseIds = new Set(answers.map((a) => a.body.caseId as string));
    expect(caseIds.size).toBe(1);
    const cases = await db.case.findMany({
      where: { idempotencyKey: `intake:${source}:${body._uuid as string}` },
    });
    expect(cases).toHaveLength(1);
    const workflows = h.client.workflow.list({ query: `WorkflowId = 'case-${cases[0]!.id}'` });
    let runs = 0;
    for await (const _ of workflows) runs += 1;
    expect(runs).toBe(1);
  });

  it('a wrong or missing token is 401 and keeps nothing; basic auth with the token as password is accepted', async () => {
    const body = submission('referral-good');
    expect((await post(body, `Token pwi_${'x'.repeat(43)}`)).status).toBe(401);
    expect((await h.http.post(`/v1/intake/${source}`).send(body)).status).toBe(401);
    expect(
      (await h.http.post(`/v1/intake/kobo-nosuch`).set('Authorization', `Token ${token}`).send(body)).status,
    ).toBe(401);
    expect(await db.intakeSubmission.count({ where: { key: body._uuid as string } })).toBe(0);
    const basic = `Basic ${Buffer.from(`kobo:${token}`).toString('base64')}`;
    expect((await post(body, basic)).status).toBe(201);
  });

  it('an unmappable submission is kept sealed (202), listed without personal data, then fixed and retried', async () => {
    const body = submission('referral-unknown-choice');
    const kept = await post(body);
    expect(kept.status).toBe(202);
    expect(kept.body).toEqual({
      status: 'rejected',
      submissionId: expect.any(String),
      problems: [
        {
          path: 'case.priority.map',
          message: 'the answer to "triage/urgency" is a choice the map does not list',
        },
      ],
    });
    const row = await db.intakeSubmission.findUniqueOrThrow({ where: { id: kept.body.submissionId } });
    expect(row.payload).toMatch(/^v1\./);
    expect(row.payload).not.toContain('Nyakuoth');
    expect(JSON.parse(keyring().open(row.payload!))['applicant/given_name']).toBe('Nyakuoth');
    // Kobo's retry of a kept submission is kept again, not dropped and not started.
    expect((await post(body)).status).toBe(202);

    const list = await h.http.get(`/v1/intake/${source}/rejected`).set(bearer(h.keys.program_manager));
    expect(list.status).toBe(200);
    const listed = list.body.submissions.find((s: { id: string }) => s.id === kept.body.submissionId);
    expect(listed).toMatchObject({ key: body._uuid, formId: 'aQ7fRrPrkJZ3vTGQhhVgXr', attempts: 2 });
    expect(JSON.stringify(list.body)).not.toMatch(/Nyakuoth|Gatluak|within_days/);

    const early = await h.http
      .post(`/v1/intake/${source}/rejected/${kept.body.submissionId}/retry`)
      .set(bearer(h.keys.program_manager));
    expect(early.status).toBe(422);
    expect(early.body.error.details.issues).toEqual([expect.objectContaining({ path: 'case.priority.map' })]);

    const fixed = await h.http
      .put(`/v1/intake/${source}/mapping`)
      .set(bearer(h.keys.program_manager))
      .send({
        mapping: mappingText().replace('within_weeks: urgent', 'within_weeks: urgent, within_days: urgent'),
        countries: ['XA'],
      });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toEqual({ source, created: false });
    const retried = await h.http
      .post(`/v1/intake/${source}/rejected/${kept.body.submissionId}/retry`)
      .set(bearer(h.keys.program_manager));
    expect(retried.status).toBe(201);
    const read = await h.http.get(`/v1/cases/${retried.body.caseId}`).set(bearer(h.keys.caseworker));
    expect(read.body).toMatchObject({
      priority: 'urgent',
      applicant: { givenName: 'Nyakuoth', nationality: 'SS' },
    });
    expect(read.body.partners[0].consent).toEqual([]);
    const after = await db.intakeSubmission.findUniqueOrThrow({ where: { id: kept.body.submissionId } });
    expect(after).toMatchObject({ status: 'started', payload: null });
    const again = await h.http.get(`/v1/intake/${source}/rejected`).set(bearer(h.keys.program_manager));
    expect(again.body.submissions.map((s: { id: string }) => s.id)).not.toContain(kept.body.submissionId);
    const trail = await db.auditEntry.findMany({
      where: { action: { in: ['intake.reject', 'intake.retry'] } },
    });
    const mine = trail.filter(
      (e) => (e.detail as { submissionId?: string }).submissionId === kept.body.submissionId,
    );
    expect(mine.map((e) => [e.action, (e.detail as { outcome?: string }).outcome ?? null])).toEqual([
      ['intake.reject', null],
      ['intake.reject', null],
      ['intake.retry', 'rejected'],
      ['intake.retry', 'started'],
    ]);
  });

  it('a form whose program and country have two processes is kept (202) naming both, and starts once the mapping names one', async () => {
    // Two family-reunification processes for XA, the second published beside the first.
    const twins = [`kobo-twin-a-${h.run}.xa`, `kobo-twin-b-${h.run}.xa`];
    for (const id of twins)
      await publishDefinition(
        ResolvedDefinition.parse({ ...apiDefinition('XA'), id, program: 'family-reunification' }),
        { publishedBy: 'intake-tests' },
      );
    try {
      const twinSource = `kobo-twins-${h.run}`;
      const mapping = (process: string) =>
        mappingText().replace('definitionId: { value: api-mini.xa }', process);
      const saved = await h.http
        .put(`/v1/intake/${twinSource}/mapping`)
        .set(bearer(h.keys.program_manager))
        .send({ mapping: mapping('program: { value: family-reunification }'), countries: ['XA'] });
      expect(saved.status).toBe(201);
      const kept = await h.http
        .post(`/v1/intake/${twinSource}`)
        .set('Authorization', `Token ${saved.body.token}`)
        .send(submission('referral-good'));
      expect(kept.status).toBe(202);
      expect(kept.body.problems).toEqual([
        {
          path: 'case',
          message: expect.stringMatching(/processes are published for family-reunification in XA/),
        },
      ]);
      for (const id of twins) expect(kept.body.problems[0].message).toContain(id);

      await h.http
        .put(`/v1/intake/${twinSource}/mapping`)
        .set(bearer(h.keys.program_manager))
        .send({ mapping: mapping(`definitionId: { value: ${twins[0]} }`), countries: ['XA'] });
      const retried = await h.http
        .post(`/v1/intake/${twinSource}/rejected/${kept.body.submissionId}/retry`)
        .set(bearer(h.keys.program_manager));
      expect(retried.status).toBe(201);
      const row = await db.case.findUniqueOrThrow({ where: { id: retried.body.caseId } });
      expect([row.definitionId, row.program]).toEqual([twins[0], 'family-reunification']);
      await h.client.workflow.getHandle(row.workflowId).terminate('test done');
      await db.case.delete({ where: { id: row.id } });
    } finally {
      await db.definitionVersion.deleteMany({ where: { definitionId: { in: twins } } });
    }
  });

  it("a submission whose case cannot start (Temporal down) is kept: 503, listed once stuck, healed by Kobo's retry", async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const down = createApp({
      db,
      keys: keyring(),
      temporal: new Client({ connection, namespace: NAMESPACE }),
      taskQueue: TASK_QUEUE,
      namespace: NAMESPACE,
      temporalDeadlineMs: 1_500,
    });
    const body = submission('referral-good');
    const failed = await request(down)
      .post(`/v1/intake/${source}`)
      .set('Authorization', `Token ${token}`)
      .send(body);
    await connection.close();
    expect(failed.status).toBe(503);
    const row = await db.intakeSubmission.findFirstOrThrow({
      where: { sourceId: source, key: body._uuid as string },
    });
    expect(row).toMatchObject({ status: 'received', caseId: null });
    expect(row.payload).toMatch(/^v1\./);

    // Not listed while Kobo's first retry may still heal it; listed once it waited longer.
    const listed = async () =>
      (
        await h.http.get(`/v1/intake/${source}/rejected`).set(bearer(h.keys.program_manager))
      ).body.submissions.find((s: { id: string }) => s.id === row.id);
    expect(await listed()).toBeUndefined();
    await db.intakeSubmission.update({
      where: { id: row.id },
      data: { updatedAt: new Date(Date.now() - 3 * 60_000) },
    });
    expect(await listed()).toMatchObject({
      status: 'received',
      problems: [expect.objectContaining({ path: 'case' })],
    });

    const healed = await post(body);
    expect([200, 201]).toContain(healed.status);
    await h.client.workflow.getHandle(`case-${healed.body.caseId}`).describe();
    expect(
      await db.case.count({ where: { idempotencyKey: `intake:${source}:${body._uuid as string}` } }),
    ).toBe(1);
    const after = await db.intakeSubmission.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'started', caseId: healed.body.caseId, payload: null });
  });

  it('no personal answer reached the logs', () => {
    expect(logs.text()).not.toMatch(/Hodan|Warsame|Nyakuoth|Gatluak|Abdi|\+254711000222/);
  });
});
