// Inputs found answering 500: a NUL character in any text and listing sorted by opening time (the
// API fuzzing drill), a body nested 10,000 levels deep (a hostile pass). All must be ordinary answers.
import { MAX_NESTING } from '../../api/route';
import { database } from '../../lib/database';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(() => h?.close());

it('refuses a NUL character anywhere in a request with 400 and its path', async () => {
  const staff = await h.http
    .post('/v1/staff')
    .set(bearer(h.keys.admin))
    .send({
      name: 'A\u0000B',
      email: `nul.${h.run}@pathways.test`,
      roles: ['caseworker'],
      countries: ['XA'],
    });
  expect(staff.status).toBe(400);
  expect(staff.body.error).toMatchObject({
    code: 'malformed',
    details: { issues: [{ path: 'body.name', message: 'contains a NUL character' }] },
  });

  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(startBody(h, { applicant: { givenName: 'Za\u0000inabu', familyName: 'M' } }));
  expect(started.status).toBe(400);
  expect(started.body.error.details.issues[0].path).toBe('body.applicant.givenName');
});

it('refuses a body nested deeper than any schema with 400 and its path, and the case loses nothing', async () => {
  const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  // 10,000 nested arrays: JSON parses them; a recursive reader of the body would overflow its stack.
  const deep = `{"step":"${started.body.currentStep}","outcome":"done","data":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
  const refused = await h.http
    .post(`/v1/cases/${caseId}/complete-step`)
    .set(bearer(h.keys.caseworker))
    .set('content-type', 'application/json')
    .send(deep);
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toBe('the request body nests too deeply');
  expect(refused.body.error.details.issues).toEqual([
    {
      path: `body.data.a${'.0'.repeat(MAX_NESTING - 2)}`,
      message: `nests deeper than ${MAX_NESTING} levels`,
    },
  ]);
  const deepStart = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .set('content-type', 'application/json')
    .send(`{"reference":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`);
  expect([deepStart.status, deepStart.body.error.details.issues[0].message]).toEqual([
    400,
    `nests deeper than ${MAX_NESTING} levels`,
  ]);

  const read = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker));
  expect(read.body).toMatchObject({ currentStep: started.body.currentStep, status: 'open' });
  expect(read.body.history).toHaveLength(1);
});

it('lists cases sorted by opening time, page by page, also past cases whose ids predate the API format', async () => {
  for (let i = 0; i < 3; i += 1)
    expect((await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h))).status).toBe(
      201,
    );
  // The projection holds cases started by workflows directly (ids such as p1): a cursor may name them.
  await database().case.create({
    data: {
      id: 'p0',
      reference: `P0-${h.run}`,
      workflowId: `case-p0-${h.run}`,
      program: 'resettlement',
      country: 'XA',
      definitionId: 'api-mini.xa',
      definitionVersion: 1,
      priority: 'normal',
      assignee: h.staff.caseworker,
      openedAt: new Date('2001-01-01T00:00:00Z'),
    },
  });
  const first = await h.http.get('/v1/cases').query({ sort: 'openedAt', limit: 1 }).set(bearer(h.keys.admin));
  expect(first.body.cases.map((c: { id: string }) => c.id)).toEqual(['p0']);
  const second = await h.http
    .get('/v1/cases')
    .query({ sort: 'openedAt', limit: 1, cursor: first.body.nextCursor })
    .set(bearer(h.keys.admin));
  expect([second.status, second.body.error ?? null]).toEqual([200, null]);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: {
      status: number;
      body: { cases: { id: string; openedAt: string }[]; nextCursor: string | null };
    } = await h.http
      .get('/v1/cases')
      .query({ sort: 'openedAt', limit: 2, ...(cursor ? { cursor } : {}) })
      .set(bearer(h.keys.admin));
    expect(page.status).toBe(200);
    seen.push(...page.body.cases.map((c) => c.openedAt));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(seen.length).toBeGreaterThanOrEqual(3);
  expect([...seen].sort()).toEqual(seen);
});
