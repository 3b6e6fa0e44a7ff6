// Case composition through the HTTP API on the real stack: the principal and dependants of a
// case, each with a relationship, sealed at rest; adding, reading and removing are audited.
import { database } from '../../lib/database';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
const db = database();

jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const child = {
  givenName: 'Amani',
  familyName: 'Mwangalizi',
  birthDate: '2015-06-01',
  unaccompaniedChild: true,
};

it('adds, lists and removes the people of a case: sealed at rest, audited, in the caller scope only', async () => {
  const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  const people = `/v1/cases/${caseId}/people`;

  const bad = await h.http
    .post(people)
    .set(bearer(h.keys.caseworker))
    .send({ relationship: 'cousin', person: child });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.issues[0].path).toBe('body.relationship');

  const added = await h.http
    .post(people)
    .set(bearer(h.keys.caseworker))
    .send({ relationship: 'child', person: child });
  expect(added.status).toBe(201);
  expect(added.body.people).toEqual([
    {
      id: 'principal',
      role: 'principal',
      relationship: 'self',
      person: { givenName: 'Zainabu', familyName: 'Mwangalizi', birthDate: '1987-03-14' },
    },
    {
      id: expect.stringMatching(/^P-/),
      role: 'dependant',
      relationship: 'child',
      person: child,
      addedAt: expect.any(String),
    },
  ]);
  const personId = added.body.people[1].id as string;
  const row = await db.casePerson.findUniqueOrThrow({ where: { id: personId } });
  expect(row.personalData).not.toContain('Amani');
  expect(row.relationship).toBe('child');

  // Outside the case's country: 403; partners do not read the people of a case.
  expect((await h.http.get(people).set(bearer(h.keys.caseworkerElsewhere))).status).toBe(403);
  expect((await h.http.get(people).set(bearer(h.keys.partner))).status).toBe(403);

  const removed = await h.http.post(`${people}/${personId}/remove`).set(bearer(h.keys.supervisor)).send({});
  expect(removed.status).toBe(200);
  expect(removed.body.people.map((p: { id: string }) => p.id)).toEqual(['principal']);
  expect(
    (await h.http.post(`${people}/${personId}/remove`).set(bearer(h.keys.supervisor)).send({})).status,
  ).toBe(404);

  const audits = await db.auditEntry.findMany({ where: { caseId }, orderBy: { at: 'asc' } });
  const actions = audits.map((a) => a.action);
  expect(actions).toEqual(
    expect.arrayContaining(['case.add_person', 'case.remove_person', 'case.read_personal_data']),
  );
  expect(JSON.stringify(audits.map((a) => a.detail))).not.toContain('Amani');
});
