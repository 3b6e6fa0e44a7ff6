// Issue 10, item 1, through the API: outcomes named after what every object inherits. As an
// outcome of complete-step they are unknown outcomes (422, at once); as a partner's event
// outcome they are recorded as ignored, the case stays readable and the real event moves it.
import { database } from '../../lib/database';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
const db = database();
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

jest.setTimeout(90_000);

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(async () => h?.close());

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('rejects inherited names as outcomes of complete-step with 422, at once', async () => {
  const { body: created } = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  for (const outcome of INHERITED) {
    const began = Date.now();
    const res = await h.http
      .post(`/v1/cases/${created.id}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'assessment', outcome, data: { category: 'medical_needs' } });
    expect([outcome, res.status, res.body.error?.details?.rule]).toEqual([outcome, 422, 'unknown_outcome']);
    expect(Date.now() - began).toBeLessThan(5_000);
  }
  const done = await h.http
    .post(`/v1/cases/${created.id}/complete-step`)
    .set(bearer(h.keys.caseworker))
    .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
  expect(done.body.currentStep).toBe('review');
});

it('records inherited names as partner event outcomes as ignored; the case stays readable and moves on', async () => {
  const { body: created } = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  const complete = (key: string, body: object) =>
    h.http.post(`/v1/cases/${created.id}/complete-step`).set(bearer(key)).send(body);
  await complete(h.keys.caseworker, {
    step: 'assessment',
    outcome: 'assessed',
    data: { category: 'medical_needs' },
  });
  expect((await complete(h.keys.supervisor, { step: 'review', outcome: 'approved' })).body.currentStep).toBe(
    'decision',
  );
  for (const outcome of INHERITED) {
    const sent = await h.http
      .post(`/v1/cases/${created.id}/events`)
      .set(bearer(h.keys.partner))
      .send({ event: 'state_decision', outcome, eventId: `hostile-${outcome}-${created.id}` });
    expect([outcome, sent.status]).toEqual([outcome, 202]);
  }
  const ignored = await eventually(
    () => db.caseEvent.findMany({ where: { caseId: created.id, kind: 'external_event_ignored' } }),
    (rows) => rows.length === INHERITED.length,
  );
  expect(ignored.map((row) => (row.detail as { reason?: string }).reason).sort()).toEqual(
    INHERITED.map((name) => `unknown_outcome_${name}`).sort(),
  );
  const read = await h.http.get(`/v1/cases/${created.id}`).set(bearer(h.keys.caseworker));
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ status: 'open', currentStep: 'decision' });

  await h.http
    .post(`/v1/cases/${created.id}/events`)
    .set(bearer(h.keys.partner))
    .send({ event: 'state_decision', outcome: 'accepted', eventId: `decision-${created.id}` });
  const moved = await eventually(
    () => h.http.get(`/v1/cases/${created.id}`).set(bearer(h.keys.caseworker)),
    (r) => r.body.currentStep === 'travel',
  );
  expect(moved.body.currentStep).toBe('travel');
  expect(
    (
      await h.http
        .post(`/v1/cases/${created.id}/close`)
        .set(bearer(h.keys.admin))
        .send({ reason: 'withdrawn' })
    ).status,
  ).toBe(200);
});
