// Access control through real HTTP: every role × every route of the route table against the
// access table (test/support/access-policy.ts), partner isolation and
// sharing profiles, country scope, API key failures, the rate limit and the audit log.
import request from 'supertest';
import { createApp } from '../../api/app';
import { createApiKey, revokeApiKey } from '../../api/access/api-keys';
import { ROLES } from '../../api/access/roles';
import type { DeclaredRoute } from '../../api/route';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { allowedFor, routeKey, undecided } from '../support/access-policy';
import { bearer, NAMESPACE, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(60_000);
let h: ApiHarness;
let caseId: string;
/** The matrix calls every route (consent withdrawals, holds, exports) on a case of its own. */
let matrixCaseId: string;
const db = database();

beforeAll(async () => {
  h = await startApiHarness();
  const res = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  caseId = res.body.id;
  const matrixCase = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  matrixCaseId = matrixCase.body.id;
}, 120_000);
afterAll(async () => {
  await h?.close();
});

function concretePath(path: string): string {
  return path
    .replace('{caseId}', matrixCaseId)
    .replace('{definitionId}', 'api-mini.xa')
    .replace('{version}', '1')
    .replace('{partnerId}', h.partners.a)
    .replace('{eventId}', '00000000-0000-4000-8000-000000000000')
    .replace('{staffId}', '00000000-0000-4000-8000-000000000000')
    .replace('{keyId}', '00000000-0000-4000-8000-000000000000');
}

describe('authorization matrix', () => {
  it('has a decision for every declared route, and none for a route that does not exist', () => {
    expect(undecided(h.app.locals.routes as DeclaredRoute[])).toEqual({
      routesWithoutDecision: [],
      decisionsWithoutRoute: [],
    });
    // A route added without a decision is named.
    const added: DeclaredRoute = { method: 'post', path: '/v1/cases/{caseId}/merge', roles: ['supervisor'] };
    expect(undecided([...(h.app.locals.routes as DeclaredRoute[]), added]).routesWithoutDecision).toEqual([
      'post /v1/cases/{caseId}/merge',
    ]);
  });

  it.each(ROLES)('%s: every route the table allows answers, every other says 403 forbidden', async (role) => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const route of h.app.locals.routes as DeclaredRoute[]) {
      const key = routeKey(route);
      // Empty bodies: an allowed caller gets past the role check and fails validation (400), nothing changes.
      const res = await h.http[route.method](concretePath(route.path))
        .set(bearer(h.keys[role]))
        .send(route.method === 'get' || route.method === 'delete' ? undefined : {});
      const verdict =
        res.status === 403 && res.body.error?.code === 'forbidden' && res.body.error?.details?.allowed
          ? 'deny'
          : 'allow';
      outcomes[key] = res.status === 401 ? 'unauthenticated' : verdict;
      expected[key] = allowedFor(key, role) ? 'allow' : 'deny';
    }
    expect(outcomes).toEqual(expected);
  });
});

describe('partners', () => {
  it('partner A sees only its profile’s fields, with the applicant fields it has consent for', async () => {
    const res = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.partner));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: caseId,
      reference: expect.any(String),
      status: 'Assessment',
      caseStatus: 'open',
      program: 'resettlement',
      applicant: { givenName: 'Zainabu' },
    });
  });

  it('shows no applicant fields without the refugee’s consent', async () => {
    const body = startBody(h, { partners: [{ partnerId: h.partners.a, role: 'referring', consent: [] }] });
    const created = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(body);
    const res = await h.http.get(`/v1/cases/${created.body.id}`).set(bearer(h.keys.partner));
    expect(res.body.applicant).toBeUndefined();
    expect(res.body.reference).toBe(body.reference);
  });

  it('partner B cannot read, list, signal or learn of partner A’s case: the same 404 as an unknown id', async () => {
    const theirs = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.partnerB));
    const unknown = await h.http.get('/v1/cases/C-000000000000').set(bearer(h.keys.partnerB));
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(theirs.body.error.code).toBe(unknown.body.error.code);
    expect(Object.keys(theirs.body.error.details)).toEqual(Object.keys(unknown.body.error.details));

    const listed = await h.http.get('/v1/cases').query({ limit: 200 }).set(bearer(h.keys.partnerB));
    expect(listed.body.cases.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const filtered = await h.http
      .get('/v1/cases')
      .query({ partner: h.partners.a })
      .set(bearer(h.keys.partnerB));
    expect(filtered.body.cases).toEqual([]);
    const signal = await h.http
      .post(`/v1/cases/${caseId}/events`)
      .set(bearer(h.keys.partnerB))
      .send({ event: 'state_decision', outcome: 'accepted', eventId: 'x-1' });
    expect(signal.status).toBe(404);
  });
});

describe('scope and keys', () => {
  it('a caseworker of another country gets 403 on the case and does not see it listed', async () => {
    expect((await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworkerElsewhere))).status).toBe(
      403,
    );
    const listed = await h.http.get('/v1/cases').set(bearer(h.keys.caseworkerElsewhere));
    expect(listed.body.cases.map((c: { id: string }) => c.id)).not.toContain(caseId);
  });

  it('answers 401 without a key, with a malformed, unknown or revoked key', async () => {
    const revoked = await createApiKey(db, { principal: `gone.${h.run}@pathways.test`, role: 'admin' });
    await revokeApiKey(db, revoked.id);
    const attempts = [
      h.http.get('/v1/cases'),
      h.http.get('/v1/cases').set('Authorization', 'Bearer not-a-key'),
      h.http.get('/v1/cases').set(bearer(`pw_000000000000_${'A'.repeat(43)}`)),
      h.http.get('/v1/cases').set(bearer(revoked.key)),
      h.http.get('/v1/cases').set('X-Api-Key', revoked.key),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await h.http.get('/v1/cases').set('X-Api-Key', h.keys.admin)).status).toBe(200);
  });

  it('stores only a hash of a key', async () => {
    const created = await createApiKey(db, {
      principal: `hash.${h.run}@pathways.test`,
      role: 'caseworker',
      countries: ['XA'],
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(created.key).toHaveLength('pw_'.length + 12 + 1 + 43);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(16));
  });

  it('rate-limits each key: 429 with Retry-After', async () => {
    const limited = request(
      createApp({
        db,
        keys: keyring(),
        temporal: h.client,
        taskQueue: TASK_QUEUE,
        namespace: NAMESPACE,
        rateLimit: { limit: 2, windowMs: 60_000 },
      }),
    );
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(await limited.get('/v1/definitions').set(bearer(h.keys.supervisor)));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(statuses[2]!.body.error.code).toBe('rate_limited');
    expect(Number(statuses[2]!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await limited.get('/v1/definitions').set(bearer(h.keys.caseworker))).status).toBe(200);
  });
});

describe('audit log', () => {
  it('records who read the applicant’s data and who changed the case; only admins read it', async () => {
    await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.supervisor));
    await h.http
      .post(`/v1/cases/${caseId}/hold`)
      .set(bearer(h.keys.supervisor))
      .send({ reason: 'security screening' });
    const res = await h.http.get('/v1/audit').query({ caseId }).set(bearer(h.keys.admin));
    expect(res.status).toBe(200);
    const entries = res.body.entries.map(
      (e: { principal: string; action: string }) => `${e.principal} ${e.action}`,
    );
    expect(entries).toEqual(
      expect.arrayContaining([
        `${h.staff.caseworker} case.start`,
        `${h.staff.supervisor} case.read_personal_data`,
        `${h.staff.supervisor} case.hold`,
        `${h.partners.a} case.read_personal_data`,
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain('Zainabu');
    const page = await h.http.get('/v1/audit').query({ caseId, limit: 1 }).set(bearer(h.keys.admin));
    const next = await h.http
      .get('/v1/audit')
      .query({ caseId, limit: 1, cursor: page.body.nextCursor })
      .set(bearer(h.keys.admin));
    expect(next.body.entries[0].id).not.toBe(page.body.entries[0].id);
    expect((await h.http.get('/v1/audit').set(bearer(h.keys.supervisor))).status).toBe(403);
  });
});
