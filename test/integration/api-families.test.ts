// Family groups through the HTTP API against a real Temporal dev server, worker and PostgreSQL:
// create, add (a case in at most one group), wait at a joint step, see whom the family waits on
// (only the members one may see), list by family, supervisor release (audited), split, merge.
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';
import { MAX_FAMILY_MEMBERS } from '../../contract/family';

let h: ApiHarness;
const db = database();

jest.setTimeout(90_000);

function jointDefinition(country: string): ResolvedDefinition {
  return ResolvedDefinition.parse({
    id: `family-mini.${country.toLowerCase()}`,
    program: 'family-reunification',
    title: `Family test (${country})`,
    country,
    roles: ['caseworker', 'supervisor'],
    start: 'prepare',
    steps: [
      { id: 'prepare', kind: 'task', title: 'Prepare', owner: 'caseworker', outcomes: { done: 'departure' } },
      {
        id: 'departure',
        kind: 'task',
        title: 'Departure',
        owner: 'caseworker',
        due: 'P7D',
        together: 'departure',
        outcomes: { departed: 'arrived' },
      },
      { id: 'arrived', kind: 'end', title: 'Arrived', reason: 'reunited' },
    ],
  });
}

beforeAll(async () => {
  h = await startApiHarness();
  for (const country of ['XA', 'XB'])
    await publishDefinition(jointDefinition(country), { publishedBy: 'api-tests' });
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

const admin = () => bearer(h.keys.admin);
const startIn = async (country: 'XA' | 'XB') => {
  const res = await h.http
    .post('/v1/cases')
    .set(admin())
    .send(
      startBody(h, {
        definitionId: `family-mini.${country.toLowerCase()}`,
        reference: `${country}-FAM-${h.run}-${Math.random().toString(36).slice(2, 8)}`,
      }),
    );
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const createFamily = async () => {
  const res = await h.http
    .post('/v1/families')
    .set(admin())
    .send({ reference: `KE-FAM-${h.run}` });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const add = (familyId: string, caseId: string) =>
  h.http.post(`/v1/families/${familyId}/members`).set(admin()).send({ caseId });
const family = (familyId: string, key = h.keys.admin) =>
  h.http.get(`/v1/families/${familyId}`).set(bearer(key));

it('refuses bad input with its path, and unknown groups with 404', async () => {
  const bad = await h.http.post('/v1/families').set(admin()).send({ reference: 'Amina Yusuf' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.issues[0].path).toBe('body.reference');
  const badId = await h.http.get('/v1/families/not-a-family').set(admin());
  expect(badId.status).toBe(400);
  expect(badId.body.error.details.issues[0].path).toBe('path.familyId');
  const unknown = await family('FAM-0000000000');
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('not_found');
});

it('holds at most 50 member cases: the next case, or a merge that would pass it, answers 409 family_full', async () => {
  const full = await createFamily();
  const members = await Promise.all(Array.from({ length: MAX_FAMILY_MEMBERS }, () => startIn('XA')));
  for (const caseId of members) expect((await add(full, caseId)).status).toBe(200);
  // Adding a member again is not growth.
  expect((await add(full, members[0]!)).status).toBe(200);

  const oneMore = await startIn('XA');
  const refused = await add(full, oneMore);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({
    code: 'conflict',
    details: { rule: 'family_full', members: MAX_FAMILY_MEMBERS, limit: MAX_FAMILY_MEMBERS },
  });
  // The refused case joined no group: another one takes it.
  const other = await createFamily();
  expect((await add(other, oneMore)).status).toBe(200);
  const merge = await h.http.post(`/v1/families/${other}/merge`).set(admin()).send({ into: full });
  expect(merge.status).toBe(409);
  expect(merge.body.error.details).toMatchObject({ rule: 'family_full', joining: 1 });
  expect((await family(full)).body.members).toHaveLength(MAX_FAMILY_MEMBERS);
  expect((await family(other)).body.members).toHaveLength(1);
});

it('holds two countries at a joint step, shows whom the family waits on, releases by hand, splits and merges', async () => {
  const familyId = await createFamily();
  const inKenya = await startIn('XA');
  const inGermany = await startIn('XB');
  expect((await add(familyId, inKenya)).status).toBe(200);
  const added = await add(familyId, inGermany);
  expect(added.status).toBe(200);
  expect(added.body.members.map((m: { country: string }) => m.country).sort()).toEqual(['XA', 'XB']);

  // A case is in at most one group.
  const other = await createFamily();
  const twice = await add(other, inKenya);
  expect(twice.status).toBe(409);
  expect(twice.body.error.details.rule).toBe('in_another_family');

  const moved = await h.http
    .post(`/v1/cases/${inKenya}/complete-step`)
    .set(admin())
    .send({ step: 'prepare', outcome: 'done', data: {} });
  expect(moved.status).toBe(200);
  const waiting = await eventually(
    () => family(familyId),
    (res) => res.body.barriers?.length === 1,
  );
  expect(waiting.body.barriers).toEqual([
    { key: 'departure', waiting: [inKenya], waitingOn: [inGermany], hiddenWaitingOn: 0 },
  ]);
  expect(waiting.body.members.find((m: { caseId: string }) => m.caseId === inKenya)).toMatchObject({
    status: 'waiting_for_family',
    currentStep: 'departure',
    waitingFor: 'departure',
    dueAt: null,
  });
  const detail = await h.http.get(`/v1/cases/${inKenya}`).set(admin());
  expect(detail.body.family).toEqual({
    groupId: familyId,
    waitingFor: 'departure',
    waitingSince: expect.any(String),
  });
  const refused = await h.http
    .post(`/v1/cases/${inKenya}/complete-step`)
    .set(admin())
    .send({ step: 'departure', outcome: 'departed', data: {} });
  expect(refused.status).toBe(409);
  expect(refused.body.error.details.rule).toBe('waiting_for_family');

  // A caseworker in XA sees only the XA member; the other is counted, not named.
  const scoped = await family(familyId, h.keys.caseworker);
  expect(scoped.status).toBe(200);
  expect(scoped.body.members.map((m: { caseId: string }) => m.caseId)).toEqual([inKenya]);
  expect(scoped.body).toMatchObject({ hiddenMembers: 1 });
  expect(scoped.body.barriers[0]).toMatchObject({ waitingOn: [], hiddenWaitingOn: 1 });

  const listed = await h.http.get(`/v1/cases?family=${familyId}`).set(admin());
  expect(listed.status).toBe(200);
  expect(listed.body.cases.map((c: { id: string }) => c.id).sort()).toEqual([inKenya, inGermany].sort());

  // Only supervisors release by hand, with a reason; the release is audited.
  const notAllowed = await h.http
    .post(`/v1/families/${familyId}/release`)
    .set(bearer(h.keys.caseworker))
    .send({ key: 'departure', reason: 'the flight cannot wait' });
  expect(notAllowed.status).toBe(403);
  const nothing = await h.http
    .post(`/v1/families/${familyId}/release`)
    .set(bearer(h.keys.supervisor))
    .send({ key: 'submission', reason: 'x' });
  expect(nothing.status).toBe(409);
  expect(nothing.body.error.details.rule).toBe('nothing_waiting');
  const released = await h.http
    .post(`/v1/families/${familyId}/release`)
    .set(bearer(h.keys.supervisor))
    .send({ key: 'departure', reason: 'the flight cannot wait' });
  expect(released.status).toBe(200);
  expect(released.body.releases[0]).toMatchObject({
    key: 'departure',
    cause: 'released_by_supervisor',
    reason: 'the flight cannot wait',
    members: [inKenya],
  });
  expect(
    await db.auditEntry.count({ where: { action: 'family.release', principal: h.staff.supervisor } }),
  ).toBe(1);
  const departed = await eventually(
    () =>
      h.http
        .post(`/v1/cases/${inKenya}/complete-step`)
        .set(admin())
        .send({ step: 'departure', outcome: 'departed', data: {} }),
    (res) => res.status === 200,
  );
  expect(departed.status).toBe(200);

  // Split: the German case leaves; then the group merges into the other one.
  const split = await h.http
    .post(`/v1/families/${familyId}/members/${inGermany}/remove`)
    .set(admin())
    .send({});
  expect(split.status).toBe(200);
  expect(split.body.members.map((m: { caseId: string }) => m.caseId)).toEqual([inKenya]);
  const merged = await h.http.post(`/v1/families/${familyId}/merge`).set(admin()).send({ into: other });
  expect(merged.status).toBe(200);
  expect(merged.body.id).toBe(other);
  const gone = await add(familyId, inGermany);
  expect(gone.status).toBe(409);
  expect(gone.body.error.details.rule).toBe('family_merged');
  expect((await add(other, inGermany)).status).toBe(200);
});
