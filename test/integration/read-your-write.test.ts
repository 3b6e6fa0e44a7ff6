// Read your own write: a caseworker who completes a step (or holds, resumes, closes) and goes
// back to the case list sees the case moved. Real API, Temporal dev server, worker and
// PostgreSQL; the projection is the real one, slowed by 300 ms per batch as under load, so
// that answering before the projection has caught up would show.
import { projectionActivities, type ProjectionBatch } from '../../activities/projection';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

jest.setTimeout(180_000);

let h: ApiHarness;

beforeAll(async () => {
  const projection = projectionActivities();
  h = await startApiHarness({
    activities: () => ({
      async applyProjection(batch: ProjectionBatch) {
        await new Promise((r) => setTimeout(r, 300));
        return projection.applyProjection(batch);
      },
      deliverNotification: async () => ({ sent: 0, alreadySent: 0, failed: 0 }),
      publishPartnerUpdate: async () => ({ queued: 0 }),
    }),
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** The case as the list shows it (this run's cases only: other suites share the database). */
async function listed(caseId: string, key: string) {
  const res = await h.http
    .get('/v1/cases')
    .query({ assignee: h.staff.caseworker, limit: 100, sort: 'openedAt' })
    .set(bearer(key));
  expect(res.status).toBe(200);
  return (res.body.cases as { id: string; currentStep: string | null; status: string }[]).find(
    (c) => c.id === caseId,
  );
}

async function startedAndListed(): Promise<string> {
  const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  expect(started.status).toBe(201);
  return started.body.id as string;
}

test('the list shows the step a caseworker has just completed, every time', async () => {
  for (let i = 0; i < 6; i++) {
    const caseId = await startedAndListed();
    const moved = await h.http
      .post(`/v1/cases/${caseId}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
    expect(moved.status).toBe(200);
    expect(await listed(caseId, h.keys.caseworker)).toMatchObject({ currentStep: 'review', status: 'open' });
  }
});

test('hold, resume and close show in the list at once too', async () => {
  const caseId = await startedAndListed();
  expect(
    (
      await h.http
        .post(`/v1/cases/${caseId}/hold`)
        .set(bearer(h.keys.supervisor))
        .send({ reason: 'screening' })
    ).status,
  ).toBe(200);
  expect(await listed(caseId, h.keys.supervisor)).toMatchObject({ status: 'on_hold' });
  expect(
    (await h.http.post(`/v1/cases/${caseId}/resume`).set(bearer(h.keys.supervisor)).send({})).status,
  ).toBe(200);
  expect(await listed(caseId, h.keys.supervisor)).toMatchObject({ status: 'open' });
  expect(
    (
      await h.http
        .post(`/v1/cases/${caseId}/close`)
        .set(bearer(h.keys.supervisor))
        .send({ reason: 'withdrawn' })
    ).status,
  ).toBe(200);
  expect(await listed(caseId, h.keys.supervisor)).toMatchObject({ status: 'closed' });
  // The workflow of a closed case has ended: acting on it is a conflict, never "not found".
  const late = await h.http
    .post(`/v1/cases/${caseId}/complete-step`)
    .set(bearer(h.keys.caseworker))
    .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
  expect([late.status, late.body.error?.details?.rule]).toEqual([409, 'case_closed']);
  const event = await h.http
    .post(`/v1/cases/${caseId}/events`)
    .set(bearer(h.keys.caseworker))
    .send({ event: 'state_decision', outcome: 'accepted', eventId: 'late-1' });
  expect([event.status, event.body.error?.details?.rule]).toEqual([409, 'case_closed']);
});
