// Issue 10, item 4, through the API: a definition over the language's limits is a malformed
// request (400) with a plain problem, on validate and publish alike, and the server stays
// responsive; an oversized id is an ordinary report, answered at once.
import { MAX_SOURCE_DEPTH } from '../../definitions/limits';
import { ALIAS_BOMB } from '../support/alias-bomb';
import { bearer, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness({ worker: false });
}, 120_000);
afterAll(() => h?.close());

it('answers 400 with a plain problem for an alias bomb, on validate and publish', async () => {
  for (const path of ['/v1/definitions/validate', '/v1/definitions']) {
    const res = await h.http.post(path).set(bearer(h.keys.admin)).send({ yaml: ALIAS_BOMB });
    expect([path, res.status]).toEqual([path, 400]);
    expect(res.body.error).toMatchObject({
      code: 'malformed',
      details: { problems: [{ path: '', message: expect.stringContaining('aliases') }] },
    });
  }
  expect((await h.http.get('/healthz')).status).toBe(200);
});

it('answers 400 for a JSON source nested deeper than the limit', async () => {
  let nested: unknown = 'x';
  for (let i = 0; i <= MAX_SOURCE_DEPTH; i += 1) nested = { steps: [nested] };
  const res = await h.http
    .post('/v1/definitions/validate')
    .set(bearer(h.keys.admin))
    .send({ source: nested });
  expect(res.status).toBe(400);
  expect(res.body.error.details.problems[0].message).toContain(`${MAX_SOURCE_DEPTH} levels`);
});

it('reports a 30,000-character step id as a problem, quickly', async () => {
  const long = `a${'b'.repeat(30_000)}`;
  const yaml = [
    'id: huge',
    'program: resettlement',
    'title: Huge',
    'roles: [caseworker]',
    `start: ${long}`,
    'steps:',
    `  - { id: ${long}, kind: task, title: T, owner: ${long}, outcomes: { ${long}: ${long} } }`,
    '  - { id: done, kind: end, title: Done, reason: done }',
  ].join('\n');
  const began = Date.now();
  const res = await h.http.post('/v1/definitions/validate').set(bearer(h.keys.admin)).send({ yaml });
  expect(Date.now() - began).toBeLessThan(5_000);
  expect(res.status).toBe(200);
  expect(res.body.problems).toEqual(
    expect.arrayContaining([{ path: 'start', message: 'is longer than 64 characters, the most allowed' }]),
  );
});
