// A closed case tells partners that it is closed: the case_closed webhook and the partner's GET
// say "Closed", why (reason code and words, never the closer's comment) and the last status
// the partner saw. Real API, Temporal dev server, worker, PostgreSQL and webhook receiver.
import { createPartner } from '../../directory/partners';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { realCaseDeps } from '../support/real-activities';
import { startPartnerServer, type PartnerServer } from '../support/partner-server';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(120_000);

const db = database();
let h: ApiHarness;
let partnerServer: PartnerServer;
let hookPartner: string;

beforeAll(async () => {
  partnerServer = await startPartnerServer();
  h = await startApiHarness({ deps: (client) => realCaseDeps(client, TASK_QUEUE) });
  hookPartner = `closed-hook-${h.run}`;
  await createPartner(db, keyring(), {
    id: hookPartner,
    name: 'Hook NGO',
    kind: 'ngo',
    contactEmail: `closed.${h.run}@ngo.test`,
    webhookUrl: partnerServer.url(`/closed-${h.run}`),
    sharingProfile: { fields: [], events: ['case_closed'] },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await partnerServer?.stop();
});

async function startAndAssess(): Promise<string> {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, {
        partners: [
          { partnerId: h.partners.a, role: 'referring', consent: [] },
          { partnerId: hookPartner, role: 'service', consent: [] },
        ],
      }),
    );
  expect(started.status).toBe(201);
  const assessed = await h.http
    .post(`/v1/cases/${started.body.id}/complete-step`)
    .set(bearer(h.keys.caseworker))
    .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
  expect(assessed.status).toBe(200);
  return started.body.id as string;
}

async function closedHookFor(reference: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const hook = partnerServer.received(`/closed-${h.run}`).find((r) => r.body.case.reference === reference);
    if (hook) return hook;
    if (Date.now() > deadline) throw new Error(`no case_closed webhook for ${reference}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function partnerViewWhenClosed(caseId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.partner));
    if (res.body.caseStatus === 'closed' || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('closed early by a supervisor: "Closed", the reason in words, the last status, and not the comment', async () => {
  const caseId = await startAndAssess();
  const closed = await h.http
    .post(`/v1/cases/${caseId}/close`)
    .set(bearer(h.keys.supervisor))
    .send({ reason: 'withdrawn', comment: 'Family moved in with Juma Baraka' });
  expect(closed.status).toBe(200);
  const hook = await closedHookFor(closed.body.reference);
  expect(hook.body.type).toBe('case_closed');
  expect(hook.body.case).toEqual({
    reference: closed.body.reference,
    status: 'Closed',
    closure: { reason: 'withdrawn', description: 'Withdrawn' },
    lastStatus: 'Assessment',
  });
  expect(hook.rawBody).not.toContain('Juma');
  const view = await partnerViewWhenClosed(caseId);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({
    caseStatus: 'closed',
    status: 'Closed',
    closure: { reason: 'withdrawn', description: 'Withdrawn' },
    lastStatus: 'Assessment',
  });
  expect(JSON.stringify(view.body)).not.toContain('Juma');
});

test('closed by reaching an end step: the end step describes the reason', async () => {
  const caseId = await startAndAssess();
  const rejected = await h.http
    .post(`/v1/cases/${caseId}/complete-step`)
    .set(bearer(h.keys.supervisor))
    .send({ step: 'review', outcome: 'rejected', data: {} });
  expect(rejected.status).toBe(200);
  const hook = await closedHookFor(rejected.body.reference);
  expect(hook.body.case).toMatchObject({
    status: 'Closed',
    closure: { reason: 'rejected', description: 'Not resettled' },
    lastStatus: 'Assessment',
  });
  const view = await partnerViewWhenClosed(caseId);
  expect(view.body).toMatchObject({
    status: 'Closed',
    closure: { reason: 'rejected', description: 'Not resettled' },
    lastStatus: 'Assessment',
  });
});
