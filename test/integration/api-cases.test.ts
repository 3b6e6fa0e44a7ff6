// Cases through the HTTP API against a real Temporal dev server, worker and PostgreSQL: start
// (idempotent), read, move, hold, close, list, tasks — and the applicant's personal data stays
// out of Temporal's history, readable only through the authenticated codec endpoint.
import request from 'supertest';
import { createApp } from '../../api/app';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { HISTORY_KEPT } from '../../contract/case-view';
import { apiDefinition, bearer, NAMESPACE, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
const db = database();

jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const start = async (overrides: Record<string, unknown> = {}, key = h.keys.caseworker) =>
  h.http.post('/v1/cases').set(bearer(key)).send(startBody(h, overrides));

describe('starting a case', () => {
  it('creates the case on its first step and shows the applicant to its caseworker', async () => {
    const res = await start();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^C-/),
      program: 'resettlement',
      country: 'XA',
      status: 'open',
      currentStep: 'assessment',
      assignee: h.staff.caseworker,
      live: true,
      applicant: { givenName: 'Zainabu', birthDate: '1987-03-14' },
      partners: [{ partnerId: h.partners.a, role: 'referring', consent: ['case_updates'] }],
    });
    expect(res.body.history).toEqual([expect.objectContaining({ step: 'assessment', visit: 1 })]);
    const row = await db.case.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.personalData).not.toContain('Zainabu');
  });

  it('returns the existing case (200) for the same reference or Idempotency-Key, with one workflow', async () => {
    const body = startBody(h);
    const first = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .set('Idempotency-Key', `key-${body.reference}`)
      .send(body);
    expect(first.status).toBe(201);
    const runId = (await h.client.workflow.getHandle(`case-${first.body.id}`).describe()).runId;

    const sameReference = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(body);
    const sameKey = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .set('Idempotency-Key', `key-${body.reference}`)
      .send({ ...body, reference: `${body.reference}-retry` });
    expect([sameReference.status, sameKey.status]).toEqual([200, 200]);
    expect(sameReference.body.id).toBe(first.body.id);
    expect(sameKey.body.id).toBe(first.body.id);
    expect((await h.client.workflow.getHandle(`case-${first.body.id}`).describe()).runId).toBe(runId);
    expect(await db.case.count({ where: { reference: { startsWith: body.reference } } })).toBe(1);
  });

  it('answers 422 for an unknown definition or partner, and 403 outside the caller’s countries', async () => {
    const unknownDefinition = await start({ definitionId: 'nothing-here.xa' });
    expect(unknownDefinition.status).toBe(422);
    expect(unknownDefinition.body.error.details.rule).toBe('unknown_definition');
    const unknownPartner = await start({ partners: [{ partnerId: 'no-such-partner', role: 'referring' }] });
    expect(unknownPartner.status).toBe(422);
    const elsewhere = await start({ definitionId: 'api-mini.xb' });
    expect(elsewhere.status).toBe(403);
  });

  it('answers with the state its workflow starts in, as the workflow itself shows it afterwards', async () => {
    const started = await start();
    expect(started.status).toBe(201);
    const read = await eventually(
      () => h.http.get(`/v1/cases/${started.body.id}`).set(bearer(h.keys.caseworker)),
      (res) => res.body.live === true,
    );
    // The workflow enters the first step a few milliseconds after the row is written.
    const withoutTimes = (body: Record<string, unknown>) =>
      JSON.parse(JSON.stringify({ ...body, deliveries: [] }).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"T"'));
    expect(withoutTimes(started.body)).toEqual(withoutTimes(read.body));
    expect(started.body.pendingReminders).toEqual([expect.objectContaining({ rule: 'soon' })]);
    expect(started.body.history).toEqual([
      expect.objectContaining({
        step: 'assessment',
        enteredAt: started.body.openedAt,
        dueAt: started.body.dueAt,
      }),
    ]);
  });

  it('answers the start without waiting for a worker to run the workflow', async () => {
    const unpolled = request(
      createApp({
        db,
        keys: keyring(),
        temporal: h.client,
        taskQueue: `nobody-polls-${h.run}`,
        namespace: NAMESPACE,
      }),
    );
    const res = await unpolled.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', currentStep: 'assessment', live: true });
    expect(res.body.history).toEqual([expect.objectContaining({ step: 'assessment', visit: 1 })]);
    // Started, its first workflow task never run: WorkflowExecutionStarted, WorkflowTaskScheduled.
    const workflow = await h.client.workflow.getHandle(`case-${res.body.id}`).describe();
    expect(workflow.historyLength).toBe(2);
  });

  it('finds the definition by program and country', async () => {
    // XB has one resettlement process; XA has the tests' variants beside api-mini.xa (see below).
    const res = await start(
      { definitionId: undefined, program: 'resettlement', country: 'XB' },
      h.keys.caseworkerElsewhere,
    );
    expect(res.status).toBe(201);
    expect(res.body.definitionId).toBe('api-mini.xb');
  });

  it('refuses to guess between two processes of one program and country, and names them (422)', async () => {
    // Two family-reunification processes for XA, the second published beside the first.
    const twins = ['api-twin-a.xa', 'api-twin-b.xa'];
    for (const id of twins)
      await publishDefinition(
        ResolvedDefinition.parse({ ...apiDefinition('XA'), id, program: 'family-reunification' }),
        { publishedBy: 'api-tests' },
      );
    try {
      const body = startBody(h, { definitionId: undefined, program: 'family-reunification', country: 'XA' });
      const ambiguous = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(body);
      expect(ambiguous.status).toBe(422);
      expect(ambiguous.body.error.details).toMatchObject({
        rule: 'ambiguous_definition',
        definitionIds: expect.arrayContaining(twins),
        issues: [{ path: 'body.definitionId' }],
      });
      expect(await db.case.count({ where: { reference: body.reference } })).toBe(0);
      const named = await start({ definitionId: twins[1] });
      expect([named.status, named.body.definitionId]).toEqual([201, twins[1]]);
      await h.client.workflow.getHandle(`case-${named.body.id}`).terminate('test done');
      await db.case.delete({ where: { id: named.body.id } });
    } finally {
      await db.definitionVersion.deleteMany({ where: { definitionId: { in: twins } } });
    }
  });
});

describe('moving a case', () => {
  it('lists every visit of a case returned many times, though its workflow keeps only the recent ones', async () => {
    const { body: created } = await start();
    const complete = (key: string, body: object) =>
      h.http.post(`/v1/cases/${created.id}/complete-step`).set(bearer(key)).send(body);
    const rounds = Math.ceil(HISTORY_KEPT / 2) + 5;
    let answer: request.Response | undefined;
    for (let i = 0; i < rounds; i++) {
      const assessed = await complete(h.keys.caseworker, {
        step: 'assessment',
        outcome: 'assessed',
        data: { category: 'medical_needs' },
      });
      expect(assessed.status).toBe(200);
      answer = await complete(h.keys.supervisor, { step: 'review', outcome: 'returned' });
      expect(answer.status).toBe(200);
    }
    const visits = 2 * rounds + 1;
    // The action's answer: the most recent visits, the current one last.
    expect(answer?.body.history).toHaveLength(HISTORY_KEPT);
    expect(answer?.body.history.at(-1)).toMatchObject({ visit: visits, step: 'assessment', kind: 'task' });

    const read = await h.http.get(`/v1/cases/${created.id}`).set(bearer(h.keys.supervisor));
    expect(read.status).toBe(200);
    expect(read.body.live).toBe(true);
    const history = read.body.history as { visit: number; step: string; kind: string; outcome?: string }[];
    expect(history.map((v) => v.visit)).toEqual(Array.from({ length: visits }, (_, i) => i + 1));
    expect(history.slice(0, 3)).toEqual([
      expect.objectContaining({
        step: 'assessment',
        kind: 'task',
        outcome: 'assessed',
        actor: h.staff.caseworker,
      }),
      expect.objectContaining({
        step: 'review',
        kind: 'approval',
        outcome: 'returned',
        actor: h.staff.supervisor,
      }),
      expect.objectContaining({ step: 'assessment', kind: 'task', outcome: 'assessed' }),
    ]);
    expect(history.slice(-HISTORY_KEPT)).toEqual(answer?.body.history);
  });

  it('completes steps, names broken rules (409 / 422 / 403) and takes external events', async () => {
    const { body: created } = await start();
    const complete = (key: string, body: object) =>
      h.http.post(`/v1/cases/${created.id}/complete-step`).set(bearer(key)).send(body);

    const wrongStep = await complete(h.keys.caseworker, { step: 'review', outcome: 'approved' });
    expect(wrongStep.status).toBe(409);
    expect(wrongStep.body.error).toMatchObject({ code: 'conflict', details: { rule: 'wrong_step' } });

    const missing = await complete(h.keys.caseworker, { step: 'assessment', outcome: 'assessed' });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'rule_violation', details: { rule: 'missing_field' } });

    const notOwner = await complete(h.keys.supervisor, {
      step: 'assessment',
      outcome: 'assessed',
      data: { category: 'medical_needs' },
    });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.error.details.rule).toBe('not_owner');

    const done = await complete(h.keys.caseworker, {
      step: 'assessment',
      outcome: 'assessed',
      data: { category: 'medical_needs' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ currentStep: 'review', status: 'open' });

    const approved = await complete(h.keys.supervisor, { step: 'review', outcome: 'approved' });
    expect(approved.body.currentStep).toBe('decision');

    const byHand = await complete(h.keys.caseworker, { step: 'decision', outcome: 'accepted' });
    expect(byHand.status).toBe(409);
    expect(byHand.body.error).toMatchObject({ code: 'conflict', details: { rule: 'step_not_completable' } });
    expect(byHand.body.error.message).toContain('completes only by its external event "state_decision"');

    const event = await h.http
      .post(`/v1/cases/${created.id}/events`)
      .set(bearer(h.keys.partner))
      .send({ event: 'state_decision', outcome: 'accepted', eventId: `decision-${created.id}` });
    expect(event.status).toBe(202);
    const read = await eventually(
      () => h.http.get(`/v1/cases/${created.id}`).set(bearer(h.keys.caseworker)),
      (r) => r.body.currentStep === 'travel',
    );
    expect(read.body.currentStep).toBe('travel');
    expect(read.body.history.map((e: { step: string }) => e.step)).toEqual([
      'assessment',
      'review',
      'decision',
      'travel',
    ]);
  });

  it('holds, resumes, reassigns and closes; a closed case answers 409', async () => {
    const { body: created } = await start();
    const act = (action: string, body: object, key = h.keys.supervisor) =>
      h.http.post(`/v1/cases/${created.id}/${action}`).set(bearer(key)).send(body);

    expect((await act('hold', { reason: 'security screening' })).body).toMatchObject({
      status: 'on_hold',
      holdReason: 'security screening',
    });
    expect((await act('hold', { reason: 'again' })).status).toBe(409);
    expect((await act('resume', {})).body.status).toBe('open');
    const reassigned = await act('reassign', { assignee: `juma.${h.run}@pathways.test` });
    expect(reassigned.body.assignee).toBe(`juma.${h.run}@pathways.test`);
    expect((await act('reassign', { assignee: h.staff.caseworker }, h.keys.caseworker)).status).toBe(403);
    expect((await act('close', { reason: 'withdrawn' })).body).toMatchObject({
      status: 'closed',
      closureReason: 'withdrawn',
    });

    const afterClose = await act(
      'complete-step',
      { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } },
      h.keys.caseworker,
    );
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.error.details.rule).toBe('case_closed');
    const row = await eventually(
      () => db.case.findUniqueOrThrow({ where: { id: created.id } }),
      (r) => r.status === 'closed',
    );
    expect(row).toMatchObject({ status: 'closed', closureReason: 'withdrawn' });
  });

  it('answers 404 for an unknown case', async () => {
    const res = await h.http
      .post('/v1/cases/C-0000000000ZZ/hold')
      .set(bearer(h.keys.supervisor))
      .send({ reason: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

// Other suites share the database (the migration test alone leaves 200 open cases): every list
// below is narrowed to this run's caseworker, so that only this suite's cases compete.
describe('listing cases and tasks', () => {
  it('filters from PostgreSQL, sorts by due date and pages with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await start({ priority: i === 0 ? 'emergency' : 'normal' })).body.id);
    await eventually(
      () => db.case.count({ where: { id: { in: ids }, dueAt: { not: null } } }),
      (n) => n === 3,
    );

    const all = await h.http
      .get('/v1/cases')
      .query({ country: 'XA', status: 'open', step: 'assessment', assignee: h.staff.caseworker, limit: 200 })
      .set(bearer(h.keys.caseworker));
    expect(all.status).toBe(200);
    const listed: { id: string; dueAt: string | null }[] = all.body.cases;
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    const dues = listed.map((c) => c.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.http
        .get('/v1/cases')
        .query({
          partner: h.partners.a,
          assignee: h.staff.caseworker,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        })
        .set(bearer(h.keys.admin));
      expect(page.status).toBe(200);
      paged.push(...page.body.cases.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual(expect.arrayContaining(ids));

    const soon = await h.http
      .get('/v1/cases')
      .query({ dueBefore: new Date(Date.now() + 2 * 86_400_000).toISOString(), assignee: h.staff.caseworker })
      .set(bearer(h.keys.admin));
    expect(soon.body.cases.map((c: { id: string }) => c.id)).toContain(ids[0]);
    expect(soon.body.cases.map((c: { id: string }) => c.id)).not.toContain(ids[1]);
    const overdue = await h.http
      .get('/v1/cases')
      .query({ overdue: 'true', assignee: h.staff.caseworker })
      .set(bearer(h.keys.admin));
    expect(overdue.body.cases.map((c: { id: string }) => c.id)).not.toContain(ids[0]);
    expect(
      (await h.http.get('/v1/cases').query({ cursor: 'nonsense' }).set(bearer(h.keys.admin))).status,
    ).toBe(400);
  });

  it('gives each person the open steps they own: the caseworker’s assessments, then the supervisor’s review', async () => {
    const { body: created } = await start();
    const tasksOf = async (key: string) =>
      (await h.http.get('/v1/tasks').set(bearer(key))).body.tasks as {
        id: string;
        reason: string;
        dueAt: string | null;
        currentStep: string;
      }[];
    const mine = await eventually(
      () => tasksOf(h.keys.caseworker),
      (t) => t.some((task) => task.id === created.id),
    );
    expect(mine.find((t) => t.id === created.id)).toMatchObject({
      reason: 'assigned',
      currentStep: 'assessment',
    });
    const dues = mine.map((t) => t.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
    expect((await tasksOf(h.keys.supervisor)).map((t) => t.id)).not.toContain(created.id);

    await h.http
      .post(`/v1/cases/${created.id}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
    const review = await eventually(
      () => tasksOf(h.keys.supervisor),
      (t) => t.some((task) => task.id === created.id),
    );
    expect(review.find((t) => t.id === created.id)).toMatchObject({
      reason: 'review',
      currentStep: 'review',
    });
    expect((await tasksOf(h.keys.caseworker)).map((t) => t.id)).not.toContain(created.id);
    expect((await h.http.get('/v1/tasks').set(bearer(h.keys.partner))).status).toBe(403);
  });
});

describe('personal data and Temporal', () => {
  it('keeps the applicant out of the history (not even encrypted); the case key encrypts it and the codec endpoint decrypts it', async () => {
    const { body: created } = await start();
    const history = await h.client.workflow.getHandle(`case-${created.id}`).fetchHistory();
    const raw = JSON.stringify(history, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
    );
    for (const secret of ['Zainabu', 'Mwangalizi', '1987-03-14', '+254700000001'])
      expect(raw).not.toContain(secret);

    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(input).toBeDefined();
    const payload = {
      metadata: Object.fromEntries(
        Object.entries(input!.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(input!.data!).toString('base64'),
    };
    expect(Buffer.from(payload.metadata['encryption-key-id']!, 'base64').toString()).toBe(
      `case:${created.id}`,
    );
    const decoded = await h.http
      .post('/codec/decode')
      .set(bearer(h.keys.supervisor))
      .set('Origin', 'http://localhost:8233')
      .send({ payloads: [payload] });
    expect(decoded.status).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    const text = Buffer.from(decoded.body.payloads[0].data, 'base64').toString('utf8');
    expect(text).toContain(created.reference);
    // The applicant stays in PostgreSQL: the workflow input does not carry it.
    expect(text).not.toContain('Zainabu');

    expect((await h.http.post('/codec/decode').send({ payloads: [payload] })).status).toBe(401);
    expect(
      (
        await h.http
          .post('/codec/decode')
          .set(bearer(h.keys.partner))
          .send({ payloads: [payload] })
      ).status,
    ).toBe(403);
    const encoded = await h.http
      .post('/codec/encode')
      .set(bearer(h.keys.supervisor))
      .send({
        payloads: [
          {
            metadata: { encoding: Buffer.from('json/plain').toString('base64') },
            data: Buffer.from('"x"').toString('base64'),
          },
        ],
      });
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(
      'binary/encrypted',
    );
    const preflight = await h.http
      .options('/codec/decode')
      .set('Origin', 'http://localhost:8233')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
  });
});
