// Definitions, partners, staff, API keys and monitoring counts through the HTTP API.
import { database } from '../../lib/database';
import { partnerFeedId } from '../../contract/keys';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { apiDefinition, bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

jest.setTimeout(60_000);
let h: ApiHarness;
const db = database();

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('definitions', () => {
  it('lists definitions, versions, a resolved version and its diagram', async () => {
    const list = await h.http.get('/v1/definitions').set(bearer(h.keys.caseworker));
    expect(list.body.definitions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ definitionId: 'api-mini.xa', program: 'resettlement', country: 'XA' }),
      ]),
    );
    const versions = await h.http.get('/v1/definitions/api-mini.xa/versions').set(bearer(h.keys.caseworker));
    expect(versions.body.versions[0]).toMatchObject({
      definitionId: 'api-mini.xa',
      version: expect.any(Number),
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const version = versions.body.versions[0].version;
    const detail = await h.http
      .get(`/v1/definitions/api-mini.xa/versions/${version}`)
      .set(bearer(h.keys.caseworker));
    expect(detail.body.definition).toMatchObject({ id: 'api-mini.xa', start: 'assessment' });
    const diagram = await h.http
      .get(`/v1/definitions/api-mini.xa/versions/${version}/diagram`)
      .set(bearer(h.keys.caseworker));
    expect(diagram.body.mermaid).toMatch(/^flowchart/m);
    expect(diagram.body.mermaid).toContain('assessment');
    expect(
      (await h.http.get('/v1/definitions/unknown-thing/versions').set(bearer(h.keys.caseworker))).status,
    ).toBe(404);
    expect(
      (await h.http.get('/v1/definitions/api-mini.xa/versions/999').set(bearer(h.keys.caseworker))).status,
    ).toBe(404);
  });

  it('validates without publishing and reports every problem with its path', async () => {
    const broken = {
      ...apiDefinition('XA'),
      id: `broken-${h.run}`,
      country: undefined,
      start: 'nowhere',
      steps: [{ id: 'only', kind: 'task', title: 'Only', owner: 'ghost', outcomes: { done: 'missing' } }],
    };
    const res = await h.http
      .post('/v1/definitions/validate')
      .set(bearer(h.keys.program_manager))
      .send({ source: broken });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.problems.length).toBeGreaterThanOrEqual(3);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['start', 'steps[0].owner']),
    );
    expect(await db.definitionVersion.count({ where: { definitionId: `broken-${h.run}` } })).toBe(0);
    const yaml = await h.http
      .post('/v1/definitions/validate')
      .set(bearer(h.keys.program_manager))
      .send({ yaml: 'id: [unclosed' });
    expect(yaml.body).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ message: expect.stringContaining('YAML') })],
    });
  });

  it('admins publish bases; program managers publish overlays for their countries only', async () => {
    const baseId = `api-base-${h.run}`;
    const { country: _country, ...base } = { ...apiDefinition('XA'), id: baseId };
    expect(
      (await h.http.post('/v1/definitions').set(bearer(h.keys.program_manager)).send({ source: base }))
        .status,
    ).toBe(403);
    const published = await h.http.post('/v1/definitions').set(bearer(h.keys.admin)).send({ source: base });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ definitionId: baseId, version: 1, created: true });

    const overlay = (country: string) => ({
      extends: baseId,
      country,
      timeZone: 'Africa/Nairobi',
      changes: [],
    });
    const mine = await h.http
      .post('/v1/definitions')
      .set(bearer(h.keys.program_manager))
      .send({ source: overlay('XA') });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      definitionId: `${baseId}.xa`,
      country: 'XA',
      publishedBy: h.staff.manager,
    });
    const again = await h.http
      .post('/v1/definitions')
      .set(bearer(h.keys.program_manager))
      .send({ source: overlay('XA') });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: mine.body.version, created: false });
    expect(
      (
        await h.http
          .post('/v1/definitions')
          .set(bearer(h.keys.program_manager))
          .send({ source: overlay('XB') })
      ).status,
    ).toBe(403);
    const invalid = await h.http
      .post('/v1/definitions')
      .set(bearer(h.keys.admin))
      .send({ source: { ...base, start: 'nowhere' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'start' })]),
    );
    const audit = await db.auditEntry.findMany({
      where: { action: 'definition.publish', principal: h.staff.manager },
    });
    expect(audit.map((a) => (a.detail as { definitionId: string }).definitionId)).toContain(`${baseId}.xa`);
  });

  it('decides what a source is by its structure: a base that names a country is refused, whoever sends it', async () => {
    const baseId = `api-base-${h.run}`;
    const before = await db.definitionVersion.count({ where: { definitionId: baseId } });
    // The reported attack: the base with `country` added, posted with a country manager's key.
    const disguised = { ...apiDefinition('XA'), id: baseId, country: 'XA' };
    for (const key of [h.keys.program_manager, h.keys.admin]) {
      const res = await h.http.post('/v1/definitions').set(bearer(key)).send({ source: disguised });
      expect(res.status).toBe(422);
      expect(res.body.error.details.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'country' })]),
      );
    }
    // A base cannot take an overlay's id either (it would replace that country's process).
    const { country: _country, ...plain } = disguised;
    const asOverlayId = await h.http
      .post('/v1/definitions')
      .set(bearer(h.keys.admin))
      .send({ source: { ...plain, id: 'api-mini.xb' } });
    expect(asOverlayId.status).toBe(422);
    expect(asOverlayId.body.error.details.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'id' })]),
    );
    const validated = await h.http
      .post('/v1/definitions/validate')
      .set(bearer(h.keys.program_manager))
      .send({ source: disguised });
    expect(validated.body).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ path: 'country' })],
    });
    expect(await db.definitionVersion.count({ where: { definitionId: baseId } })).toBe(before);
    expect(await db.definitionVersion.count({ where: { definitionId: 'api-mini.xb' } })).toBe(1);
  });

  it('an overlay extends a base only, and a manager may publish one only for a country of the key', async () => {
    // api-mini.xa is a country's process, not a base: nothing may extend it.
    const onOverlay = await h.http
      .post('/v1/definitions')
      .set(bearer(h.keys.program_manager))
      .send({ source: { extends: 'api-mini.xa', country: 'XA', timeZone: 'Africa/Nairobi', changes: [] } });
    expect(onOverlay.status).toBe(422);
    expect(onOverlay.body.error.details.problems).toEqual([expect.objectContaining({ path: 'extends' })]);
    const yaml = `extends: api-base-${h.run}\ncountry: XB\ntimeZone: Africa/Nairobi\n`;
    const elsewhere = await h.http.post('/v1/definitions').set(bearer(h.keys.program_manager)).send({ yaml });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.details).toMatchObject({ country: 'XB' });
  });
});

describe('partners', () => {
  it('adds a partner, shows its webhook secret once, rotates it, and changes its profile', async () => {
    const id = `irap-${h.run}`;
    const created = await h.http
      .post('/v1/partners')
      .set(bearer(h.keys.admin))
      .send({
        id,
        name: 'IRAP Nairobi',
        kind: 'legal_aid',
        contactEmail: 'irap@example.org',
        webhookUrl: 'https://irap.example.org/hooks',
        sharingProfile: { fields: ['program'], events: ['step_entered'] },
      });
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toEqual(expect.any(String));
    const read = await h.http.get(`/v1/partners/${id}`).set(bearer(h.keys.program_manager));
    expect(read.body).toMatchObject({
      id,
      name: 'IRAP Nairobi',
      sharingProfile: { fields: ['program'], events: ['step_entered'] },
    });
    expect(JSON.stringify(read.body)).not.toContain(created.body.webhookSecret);
    const stored = await db.partner.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored.webhookSecrets)).not.toContain(created.body.webhookSecret);

    const rotated = await h.http
      .post(`/v1/partners/${id}/webhook-secret`)
      .set(bearer(h.keys.admin))
      .send({ overlapHours: 2 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhookSecret).not.toBe(created.body.webhookSecret);
    expect(new Date(rotated.body.previousValidUntil).getTime()).toBeGreaterThan(Date.now() + 3_500_000);

    const patched = await h.http
      .patch(`/v1/partners/${id}`)
      .set(bearer(h.keys.admin))
      .send({ sharingProfile: { fields: [], events: ['case_closed'] } });
    expect(patched.body.sharingProfile).toEqual({ fields: [], events: ['case_closed'] });
    expect(
      (await h.http.get('/v1/partners').set(bearer(h.keys.admin))).body.partners.map(
        (p: { id: string }) => p.id,
      ),
    ).toContain(id);
    expect(
      (
        await h.http
          .post('/v1/partners')
          .set(bearer(h.keys.admin))
          .send({ ...created.body, webhookSecret: undefined, createdAt: undefined, webhookUrl: null })
      ).status,
    ).toBe(409);
    expect(
      (await h.http.patch('/v1/partners/nobody-here').set(bearer(h.keys.admin)).send({ name: 'x' })).status,
    ).toBe(404);
    expect(
      (await h.http.post('/v1/partners/nobody-here/webhook-secret').set(bearer(h.keys.admin)).send({}))
        .status,
    ).toBe(404);
  });

  it('lists dead letters and redelivers one (409 when it is not dead)', async () => {
    const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    const dead = await db.partnerEvent.create({
      data: {
        eventKey: `dead-${h.run}`,
        partnerId: h.partners.b,
        caseId: started.body.id,
        seq: 1,
        body: {},
        status: 'dead',
        attempts: 8,
        lastError: 'HTTP 500',
      },
    });
    const list = await h.http.get(`/v1/partners/${h.partners.b}/dead-letters`).set(bearer(h.keys.admin));
    expect(list.body.deadLetters).toEqual([
      expect.objectContaining({ id: dead.id, caseId: started.body.id, attempts: 8, lastError: 'HTTP 500' }),
    ]);
    const redeliver = await h.http
      .post(`/v1/partners/${h.partners.b}/dead-letters/${dead.id}/redeliver`)
      .set(bearer(h.keys.admin));
    expect(redeliver.status).toBe(202);
    expect((await db.partnerEvent.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe('pending');
    expect(
      (
        await h.http
          .post(`/v1/partners/${h.partners.b}/dead-letters/${dead.id}/redeliver`)
          .set(bearer(h.keys.admin))
      ).status,
    ).toBe(409);
    expect(
      (
        await h.http
          .post(`/v1/partners/${h.partners.a}/dead-letters/${dead.id}/redeliver`)
          .set(bearer(h.keys.admin))
      ).status,
    ).toBe(404);
    // The feed it woke belongs to the partner-feed tests; this worker does not run its activities.
    await h.client.workflow
      .getHandle(partnerFeedId(h.partners.b, started.body.id))
      .terminate('API test done');
  });
});

describe('staff and API keys', () => {
  it('adds, lists (within the caller’s countries) and changes staff', async () => {
    const email = `omar.${h.run}@pathways.test`;
    const created = await h.http
      .post('/v1/staff')
      .set(bearer(h.keys.admin))
      .send({ name: 'Omar', email, roles: ['caseworker'], countries: ['XB'] });
    expect(created.status).toBe(201);
    expect(
      (await h.http.post('/v1/staff').set(bearer(h.keys.admin)).send({ name: 'Omar', email })).status,
    ).toBe(409);
    const seenByXa = await h.http.get('/v1/staff').set(bearer(h.keys.supervisor));
    const emails = seenByXa.body.staff.map((s: { email: string }) => s.email);
    expect(emails).toContain(h.staff.caseworker);
    expect(emails).not.toContain(email);
    const moved = await h.http
      .patch(`/v1/staff/${created.body.id}`)
      .set(bearer(h.keys.admin))
      .send({ countries: ['XA'], roles: ['caseworker', 'supervisor'] });
    expect(moved.body).toMatchObject({ countries: ['XA'], roles: ['caseworker', 'supervisor'] });
    expect(
      (
        await h.http.get('/v1/staff').query({ role: 'supervisor' }).set(bearer(h.keys.supervisor))
      ).body.staff.map((s: { email: string }) => s.email),
    ).toContain(email);
    expect(
      (
        await h.http
          .patch('/v1/staff/00000000-0000-4000-8000-000000000000')
          .set(bearer(h.keys.admin))
          .send({ active: false })
      ).status,
    ).toBe(404);
  });

  it('creates a key shown once, lists keys without secrets and revokes them', async () => {
    const created = await h.http
      .post('/v1/api-keys')
      .set(bearer(h.keys.admin))
      .send({ principal: `new.${h.run}@pathways.test`, role: 'supervisor', countries: ['XA'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pw_[0-9a-f]{12}_/);
    expect((await h.http.get('/v1/definitions').set(bearer(created.body.key))).status).toBe(200);
    const list = await h.http.get('/v1/api-keys').set(bearer(h.keys.admin));
    expect(list.body.keys.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(
      (await h.http.post('/v1/api-keys').set(bearer(h.keys.admin)).send({ principal: 'p', role: 'partner' }))
        .status,
    ).toBe(400);
    expect((await h.http.delete(`/v1/api-keys/${created.body.id}`).set(bearer(h.keys.admin))).status).toBe(
      200,
    );
    expect((await h.http.get('/v1/definitions').set(bearer(created.body.key))).status).toBe(401);
    expect((await h.http.delete(`/v1/api-keys/${created.body.id}`).set(bearer(h.keys.admin))).status).toBe(
      404,
    );
  });
});

describe('monitoring', () => {
  it('counts open and overdue cases per step and the median time in step, within the caller’s countries', async () => {
    const a = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    await h.http
      .post(`/v1/cases/${a.body.id}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
    for (
      let i = 0;
      i < 50 && !(await db.stepVisit.findFirst({ where: { caseId: a.body.id, leftAt: { not: null } } }));
      i++
    )
      await new Promise((r) => setTimeout(r, 200));
    await db.case.update({ where: { id: a.body.id }, data: { dueAt: new Date(Date.now() - 86_400_000) } });

    const open = await h.http
      .get('/v1/monitoring/open')
      .query({ country: 'XA' })
      .set(bearer(h.keys.program_manager));
    expect(open.body.open).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          program: 'resettlement',
          country: 'XA',
          step: 'review',
          open: expect.any(Number),
        }),
      ]),
    );
    const overdue = await h.http.get('/v1/monitoring/overdue').set(bearer(h.keys.supervisor));
    expect(overdue.body.overdue).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ country: 'XA', step: 'review', overdue: expect.any(Number) }),
      ]),
    );
    const time = await h.http.get('/v1/monitoring/time-in-step').set(bearer(h.keys.program_manager));
    expect(time.body.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          step: 'assessment',
          visits: expect.any(Number),
          medianHours: expect.any(Number),
        }),
      ]),
    );

    const elsewhere = await h.http.get('/v1/monitoring/open').set(bearer(h.keys.admin));
    expect(elsewhere.status).toBe(200);
    const pmXb = await h.http
      .post('/v1/api-keys')
      .set(bearer(h.keys.admin))
      .send({ principal: `pm-xb.${h.run}@pathways.test`, role: 'program_manager', countries: ['XB'] });
    const scoped = await h.http.get('/v1/monitoring/open').set(bearer(pmXb.body.key));
    expect(scoped.body.open.every((g: { country: string }) => g.country === 'XB')).toBe(true);
  });

  it('reports monthly outcomes in the shape of UNHCR’s RSR: submissions, decisions, departures', async () => {
    const caseId = `C-RSR${h.run.toUpperCase()}00`;
    // The steps mark their milestones, as the samples' do; a country nobody starts cases in (XZ).
    const task = (id: string, outcomes: Record<string, string>, milestone: object) => ({
      id,
      kind: 'task',
      title: id,
      owner: 'caseworker',
      outcomes,
      ...milestone,
    });
    const rsr = await publishDefinition(
      ResolvedDefinition.parse({
        id: 'rsr-mini.xz',
        program: 'resettlement',
        title: 'RSR milestones',
        country: 'XZ',
        roles: ['caseworker'],
        start: 'submission',
        steps: [
          task('submission', { submitted: 'state_decision' }, { milestone: 'submission' }),
          {
            id: 'state_decision',
            kind: 'wait',
            title: 'Decision',
            event: 'state_decision',
            milestone: 'decision',
            outcomes: { accepted: 'departure', rejected: 'done', deferred: 'submission' },
          },
          task(
            'departure',
            { departed: 'done', postponed: 'submission' },
            { milestone: 'departure', milestoneOutcomes: ['departed'] },
          ),
          { id: 'done', kind: 'end', title: 'Done', reason: 'resettled' },
        ],
      }),
      { publishedBy: 'api-tests' },
    );
    await db.case.create({
      data: {
        id: caseId,
        reference: `RSR-${h.run}`,
        workflowId: `case-${caseId}`,
        program: 'resettlement',
        country: 'XA',
        definitionId: rsr.definitionId,
        definitionVersion: rsr.version,
        priority: 'normal',
        assignee: h.staff.caseworker,
      },
    });
    const at = (iso: string) => new Date(iso);
    await db.stepVisit.createMany({
      data: [
        {
          caseId,
          visit: 1,
          step: 'submission',
          enteredAt: at('2025-02-20T00:00:00Z'),
          leftAt: at('2025-03-03T00:00:00Z'),
          outcome: 'submitted',
        },
        {
          caseId,
          visit: 2,
          step: 'state_decision',
          enteredAt: at('2025-03-03T00:00:00Z'),
          leftAt: at('2025-05-10T00:00:00Z'),
          outcome: 'deferred',
        },
        {
          caseId,
          visit: 3,
          step: 'submission',
          enteredAt: at('2025-05-10T00:00:00Z'),
          leftAt: at('2025-05-12T00:00:00Z'),
          outcome: 'submitted',
        },
        {
          caseId,
          visit: 4,
          step: 'state_decision',
          enteredAt: at('2025-05-12T00:00:00Z'),
          leftAt: at('2025-06-01T00:00:00Z'),
          outcome: 'accepted',
        },
        {
          caseId,
          visit: 5,
          step: 'departure',
          enteredAt: at('2025-07-01T00:00:00Z'),
          leftAt: at('2025-07-20T00:00:00Z'),
          outcome: 'departed',
        },
        {
          caseId,
          visit: 6,
          step: 'departure',
          enteredAt: at('2025-07-20T00:00:00Z'),
          leftAt: at('2025-07-21T00:00:00Z'),
          outcome: 'postponed',
        },
      ],
    });
    const res = await h.http
      .get('/v1/monitoring/outcomes')
      .query({ from: '2025-01', to: '2025-12', country: 'XA' })
      .set(bearer(h.keys.program_manager));
    expect(res.status).toBe(200);
    const row = (month: string) => res.body.months.find((m: { month: string }) => m.month === month);
    expect(row('2025-03')).toEqual({
      month: '2025-03',
      program: 'resettlement',
      country: 'XA',
      submissions: 1,
      decisions: { accepted: 0, rejected: 0, deferred: 0 },
      departures: 0,
    });
    expect(row('2025-05')).toMatchObject({ submissions: 1, decisions: { deferred: 1, accepted: 0 } });
    expect(row('2025-06')).toMatchObject({ submissions: 0, decisions: { accepted: 1 } });
    expect(row('2025-07')).toMatchObject({ departures: 1 });
    expect(
      (await h.http.get('/v1/monitoring/outcomes').query({ from: '2025-13' }).set(bearer(h.keys.admin)))
        .status,
    ).toBe(400);
  });
});
