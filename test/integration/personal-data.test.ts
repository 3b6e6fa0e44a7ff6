// Consent and subject access through the API, on the real stack: API, Temporal dev server,
// worker with the real partner activities, PostgreSQL and a real HTTP webhook receiver. What the
// partner receives before and after a withdrawal; what the export holds and who may have it.
import { createPartner } from '../../directory/partners';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { realCaseDeps } from '../support/real-activities';
import { startPartnerServer, type PartnerServer, type ReceivedWebhook } from '../support/partner-server';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(120_000);

const db = database();
let h: ApiHarness;
let partnerServer: PartnerServer;
let hookPartner: string;
const hookPath = () => `/consent-${h.run}`;

beforeAll(async () => {
  partnerServer = await startPartnerServer();
  h = await startApiHarness({ deps: (client) => realCaseDeps(client, TASK_QUEUE) });
  hookPartner = `consent-hook-${h.run}`;
  await createPartner(db, keyring(), {
    id: hookPartner,
    name: 'Consent NGO',
    kind: 'ngo',
    contactEmail: `consent.${h.run}@ngo.test`,
    webhookUrl: partnerServer.url(hookPath()),
    sharingProfile: {
      fields: ['givenName', 'country'],
      events: ['step_entered', 'case_on_hold', 'case_resumed'],
    },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await partnerServer?.stop();
});

async function startWithConsent(): Promise<{ id: string; reference: string }> {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, { partners: [{ partnerId: hookPartner, role: 'service', consent: ['case_updates'] }] }),
    );
  expect(started.status).toBe(201);
  return { id: started.body.id as string, reference: started.body.reference as string };
}

/** Withdraws all consent for the hook partner as the caseworker; expects 200 and the withdrawal. */
async function withdrawAll(id: string): Promise<void> {
  const withdrawn = await h.http
    .delete(`/v1/cases/${id}/partners/${hookPartner}/consent`)
    .set(bearer(h.keys.caseworker));
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toEqual({
    caseId: id,
    partnerId: hookPartner,
    role: 'service',
    consent: [],
    withdrawn: true,
  });
}

/** The webhook of one type the partner received for a case (waits for it); by default the hook partner's. */
async function hookOf(reference: string, type: string, path = hookPath()): Promise<ReceivedWebhook> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const hook = partnerServer
      .received(path)
      .find((r) => r.body.case.reference === reference && r.body.type === type);
    if (hook) return hook;
    if (Date.now() > deadline) throw new Error(`no ${type} webhook for ${reference}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('withdrawal stops personal fields at once and tells the partner (consent_withdrawn), audited with ids only', async () => {
  const { id, reference } = await startWithConsent();
  const entered = await hookOf(reference, 'step_entered');
  expect(entered.body.personal).toEqual({ givenName: 'Zainabu' });

  await withdrawAll(id);
  const told = await hookOf(reference, 'consent_withdrawn');
  expect(told.body.personal).toBeUndefined();
  expect(told.body.case).toMatchObject({ reference, status: 'Assessment', country: 'XA' });
  expect(told.rawBody).not.toContain('Zainabu');

  const held = await h.http
    .post(`/v1/cases/${id}/hold`)
    .set(bearer(h.keys.caseworker))
    .send({ reason: 'screening' });
  expect(held.status).toBe(200);
  const onHold = await hookOf(reference, 'case_on_hold');
  expect(onHold.body.personal).toBeUndefined();
  expect(onHold.rawBody).not.toContain('Zainabu');

  const audited = await db.auditEntry.findMany({
    where: { caseId: id, action: { in: ['case.withdraw_consent', 'case.change_consent'] } },
    orderBy: { at: 'asc' },
  });
  expect(audited.map((a) => [a.action, a.principal])).toEqual([
    ['case.withdraw_consent', h.staff.caseworker],
  ]);
  expect(audited[0]?.detail).toMatchObject({ partnerId: hookPartner, purposes: [] });
  expect(JSON.stringify(audited)).not.toContain('Zainabu');
  const history = await db.caseEvent.findMany({ where: { caseId: id, kind: { startsWith: 'consent_' } } });
  expect(history.map((e) => e.kind)).toEqual(['consent_withdrawn']);
});

test('consent given on a running case: personal fields from the next event on, and no consent_withdrawn', async () => {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(startBody(h, { partners: [{ partnerId: hookPartner, role: 'service', consent: [] }] }));
  expect(started.status).toBe(201);
  const { id, reference } = started.body as { id: string; reference: string };
  const entered = await hookOf(reference, 'step_entered');
  expect(entered.body.personal).toBeUndefined();

  const given = await h.http
    .put(`/v1/cases/${id}/partners/${hookPartner}/consent`)
    .set(bearer(h.keys.caseworker))
    .send({ purposes: ['case_updates'] });
  expect(given.status).toBe(200);
  expect(given.body).toMatchObject({ consent: ['case_updates'], withdrawn: false });
  const held = await h.http
    .post(`/v1/cases/${id}/hold`)
    .set(bearer(h.keys.caseworker))
    .send({ reason: 'screening' });
  expect(held.status).toBe(200);
  const onHold = await hookOf(reference, 'case_on_hold');
  expect(onHold.body.personal).toEqual({ givenName: 'Zainabu' });
  expect(onHold.body.sequence).toBe(2);
  const types = partnerServer
    .received(hookPath())
    .filter((r) => r.body.case.reference === reference)
    .map((r) => r.body.type);
  expect(types).toEqual(['step_entered', 'case_on_hold']);
  const audited = await db.auditEntry.findMany({ where: { caseId: id, action: 'case.change_consent' } });
  expect(audited).toHaveLength(1);
  expect(audited[0]?.detail).toMatchObject({ partnerId: hookPartner, purposes: ['case_updates'] });
});

test('consent: a partner cannot change it, an unknown partner is 404, a bad purpose is 400 with its path', async () => {
  const { id } = await startWithConsent();
  const byPartner = await h.http
    .delete(`/v1/cases/${id}/partners/${hookPartner}/consent`)
    .set(bearer(h.keys.partner));
  expect(byPartner.status).toBe(403);
  const unknown = await h.http
    .delete(`/v1/cases/${id}/partners/not-a-partner-${h.run}/consent`)
    .set(bearer(h.keys.caseworker));
  expect(unknown.status).toBe(404);
  const bad = await h.http
    .put(`/v1/cases/${id}/partners/${hookPartner}/consent`)
    .set(bearer(h.keys.caseworker))
    .send({ purposes: ['marketing'] });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('purposes');
  const link = await db.casePartner.findUnique({
    where: { caseId_partnerId: { caseId: id, partnerId: hookPartner } },
  });
  expect(link?.consent).toEqual(['case_updates']);
});

test('a withdrawal after the case closed still reaches the partner: consent_withdrawn, numbered after the rest, audited', async () => {
  const { id, reference } = await startWithConsent();
  const entered = await hookOf(reference, 'step_entered');
  const closed = await h.http
    .post(`/v1/cases/${id}/close`)
    .set(bearer(h.keys.supervisor))
    .send({ reason: 'withdrawn' });
  expect(closed.status).toBe(200);

  await withdrawAll(id);
  const link = await db.casePartner.findUnique({
    where: { caseId_partnerId: { caseId: id, partnerId: hookPartner } },
  });
  expect(link?.consent).toEqual([]);

  const told = await hookOf(reference, 'consent_withdrawn');
  expect(told.body.sequence).toBeGreaterThan(entered.body.sequence);
  expect(told.body.personal ?? {}).toEqual({});
  expect(await db.caseEvent.count({ where: { caseId: id, kind: 'consent_withdrawn' } })).toBe(1);
  const audited = await db.auditEntry.findMany({ where: { caseId: id, action: 'case.withdraw_consent' } });
  expect(audited.map((a) => a.detail)).toEqual([
    expect.objectContaining({ partnerId: hookPartner, purposes: [] }),
  ]);

  // Given again after closure: recorded, nothing sent (there is nothing new to share).
  const again = await h.http
    .put(`/v1/cases/${id}/partners/${hookPartner}/consent`)
    .set(bearer(h.keys.caseworker))
    .send({ purposes: ['case_updates'] });
  expect(again.status).toBe(200);
  expect(again.body.withdrawn).toBe(false);
  expect(await db.caseEvent.count({ where: { caseId: id, kind: 'consent_changed' } })).toBe(1);
});

test('export: everything held about the case, as a download, audited; 403 for a role without personal data', async () => {
  const { id, reference } = await startWithConsent();
  await hookOf(reference, 'step_entered');
  const added = await h.http
    .post(`/v1/cases/${id}/people`)
    .set(bearer(h.keys.caseworker))
    .send({ relationship: 'child', person: { givenName: 'Amani', familyName: 'Mwangalizi' } });
  expect(added.status).toBe(201);
  const withdrawn = await h.http
    .delete(`/v1/cases/${id}/partners/${hookPartner}/consent`)
    .set(bearer(h.keys.caseworker));
  expect(withdrawn.status).toBe(200);
  await hookOf(reference, 'consent_withdrawn');
  const held = await h.http
    .post(`/v1/cases/${id}/hold`)
    .set(bearer(h.keys.caseworker))
    .send({ reason: 'Waiting for Amani to be found' });
  expect(held.status).toBe(200);
  await hookOf(reference, 'case_on_hold');

  const denied = await h.http.get(`/v1/cases/${id}/export`).set(bearer(h.keys.program_manager));
  expect(denied.status).toBe(403);
  const byPartner = await h.http.get(`/v1/cases/${id}/export`).set(bearer(h.keys.partner));
  expect(byPartner.status).toBe(403);

  const res = await h.http.get(`/v1/cases/${id}/export`).set(bearer(h.keys.supervisor));
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toBe(`attachment; filename="case-${id}.json"`);
  const body = res.body;
  expect(body.case).toMatchObject({
    id,
    reference,
    country: 'XA',
    currentStep: 'assessment',
    status: 'on_hold',
    holdReason: 'Waiting for Amani to be found',
  });
  expect(body.applicant).toMatchObject({
    givenName: 'Zainabu',
    familyName: 'Mwangalizi',
    phone: '+254700000001',
  });
  expect(body.people).toEqual([
    expect.objectContaining({
      relationship: 'child',
      person: { givenName: 'Amani', familyName: 'Mwangalizi' },
      addedBy: h.staff.caseworker,
      removedAt: null,
    }),
  ]);
  expect(body.steps.map((s: { step: string }) => s.step)).toEqual(['assessment']);
  expect(body.history.map((e: { kind: string }) => e.kind)).toContain('consent_withdrawn');
  const partner = body.partners.find((p: { partnerId: string }) => p.partnerId === hookPartner);
  expect(partner).toMatchObject({ role: 'service', consent: [], personalFields: ['givenName'] });
  expect(partner.events.map((e: { type: string }) => e.type)).toEqual([
    'step_entered',
    'consent_withdrawn',
    'case_on_hold',
  ]);
  expect(partner.events[0]).toMatchObject({
    status: 'sent',
    body: { case: { reference, status: 'Assessment' } },
  });
  const logged = await db.message.findMany({ where: { caseId: id }, orderBy: { createdAt: 'asc' } });
  expect(body.messages.map((m: { kind: string; recipient: string }) => [m.kind, m.recipient])).toEqual(
    logged.map((m) => [m.kind, m.recipient]),
  );

  const audited = await db.auditEntry.findMany({ where: { caseId: id, action: 'case.export' } });
  expect(audited).toHaveLength(1);
  expect(audited[0]).toMatchObject({ principal: h.staff.supervisor });
  expect(audited[0]?.detail).toMatchObject({ people: 2, partnerEvents: 3 });
  expect(JSON.stringify(audited)).not.toMatch(/Zainabu|Amani/);
});

test('a partner allowed the dependants receives those the case has now: a removed child is no longer sent', async () => {
  const familyPartner = `family-hook-${h.run}`;
  const familyPath = `/family-${h.run}`;
  await createPartner(db, keyring(), {
    id: familyPartner,
    name: 'Family NGO',
    kind: 'ngo',
    contactEmail: `family.${h.run}@ngo.test`,
    webhookUrl: partnerServer.url(familyPath),
    sharingProfile: { fields: ['givenName', 'dependants'], events: ['step_entered', 'case_on_hold'] },
  });
  const body = startBody(h, {
    partners: [{ partnerId: familyPartner, role: 'service', consent: ['case_updates'] }],
  });
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send({
      ...body,
      applicant: {
        ...body.applicant,
        dependants: [
          { givenName: 'Amani', familyName: 'Mwangalizi', relationship: 'child', birthDate: '2015-06-01' },
          { givenName: 'Juma', familyName: 'Mwangalizi', relationship: 'spouse' },
        ],
      },
    });
  expect(started.status).toBe(201);
  const { id, reference } = started.body as { id: string; reference: string };
  const entered = await hookOf(reference, 'step_entered', familyPath);
  expect(entered.body.personal).toEqual({
    givenName: 'Zainabu',
    dependants: [
      { givenName: 'Amani', familyName: 'Mwangalizi', birthDate: '2015-06-01', relationship: 'child' },
      { givenName: 'Juma', familyName: 'Mwangalizi', relationship: 'spouse' },
    ],
  });

  const people = await h.http.get(`/v1/cases/${id}/people`).set(bearer(h.keys.caseworker));
  const amani = (people.body.people as { id: string; person: { givenName?: string } }[]).find(
    (p) => p.person.givenName === 'Amani',
  )!;
  const removed = await h.http
    .post(`/v1/cases/${id}/people/${amani.id}/remove`)
    .set(bearer(h.keys.supervisor))
    .send({});
  expect(removed.status).toBe(200);
  const held = await h.http
    .post(`/v1/cases/${id}/hold`)
    .set(bearer(h.keys.caseworker))
    .send({ reason: 'screening' });
  expect(held.status).toBe(200);
  const onHold = await hookOf(reference, 'case_on_hold', familyPath);
  expect(onHold.body.personal).toEqual({
    givenName: 'Zainabu',
    dependants: [{ givenName: 'Juma', familyName: 'Mwangalizi', relationship: 'spouse' }],
  });
  expect(onHold.rawBody).not.toContain('Amani');
});
