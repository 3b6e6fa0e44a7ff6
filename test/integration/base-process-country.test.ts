// A base process may run in a country that has no overlay of its own: the case keeps the country
// it was started in (the list, the caller's country scope and the partners' facts all go by it),
// also after its workflow has projected it. Real API, Temporal dev server, worker, PostgreSQL.
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { apiDefinition, bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';
import { database } from '../../lib/database';

let h: ApiHarness;
const db = database();

jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
  // The API test process without its country: a base that no country here overlays.
  const { country: _country, ...base } = apiDefinition('XA');
  await publishDefinition(ResolvedDefinition.parse({ ...base, id: `country-less-${h.run}` }), {
    publishedBy: 'country-tests',
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

it('keeps the country a base process was started in, after the workflow has moved the case', async () => {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(startBody(h, { definitionId: `country-less-${h.run}`, country: 'XQ', partners: [] }));
  expect([started.status, started.body.error]).toEqual([201, undefined]);
  expect(started.body.country).toBe('XQ');
  const caseId = started.body.id as string;
  const moved = await h.http
    .post(`/v1/cases/${caseId}/complete-step`)
    .set(bearer(h.keys.admin))
    .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
  expect(moved.status).toBe(200);

  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  expect([row.currentStep, row.country]).toEqual(['review', 'XQ']);
  const listed = await h.http.get('/v1/cases').query({ country: 'XQ' }).set(bearer(h.keys.admin));
  expect(listed.body.cases.map((c: { id: string }) => c.id)).toContain(caseId);
  // A caseworker of another country still may not see it.
  expect((await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker))).status).toBe(403);
});
