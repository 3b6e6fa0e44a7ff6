// Case composition through the HTTP API on the real stack: the principal and dependants of a
// case, each with a relationship, sealed at rest; adding, reading and removing are audited.
import { database } from '../../lib/database';
import { publishDefinition } from '../../definitions/store';
import { bidDefinition } from '../support/person-steps';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
const db = database();

jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
  await publishDefinition(bidDefinition('XA'), { publishedBy: 'api-tests' });
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

it('completes a step for each child person by person: a bad person id is refused with its path', async () => {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(startBody(h, { definitionId: 'bid-mini.xa' }));
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  const people = `/v1/cases/${caseId}/people`;
  const add = (relationship: string) =>
    h.http.post(people).set(bearer(h.keys.caseworker)).send({ relationship, person: child });
  expect((await add('spouse')).status).toBe(201);
  const added = await add('child');
  const [spouseId, childId] = added.body.people.slice(1).map((p: { id: string }) => p.id) as [string, string];

  const complete = (body: Record<string, unknown>) =>
    h.http
      .post(`/v1/cases/${caseId}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ data: {}, ...body });
  expect((await complete({ step: 'registration', outcome: 'registered' })).status).toBe(200);

  const malformed = await complete({ step: 'bid', outcome: 'in_interest', person: 'Amani' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.error.details.issues).toEqual([{ path: 'body.person', message: expect.any(String) }]);

  for (const [person, rule] of [
    ['P-0000000000', 'unknown_person'],
    [spouseId, 'person_not_of_relationship'],
    [undefined, 'person_required'],
  ] as const) {
    const refused = await complete({ step: 'bid', outcome: 'in_interest', ...(person ? { person } : {}) });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual({ rule, caseId, path: 'body.person' });
    expect(refused.body.error.message).toMatch(new RegExp(`^${rule}: `));
  }

  const onBid = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker));
  expect(onBid.body.persons).toEqual([{ person: childId, done: false }]);

  const done = await complete({ step: 'bid', outcome: 'in_interest', person: childId });
  expect(done.status).toBe(200);
  expect(done.body.currentStep).toBe('submitted');
  const again = await complete({ step: 'bid', outcome: 'in_interest', person: childId });
  expect(again.status).toBe(409);
  expect(again.body.error.details.rule).toBe('case_closed');
});
