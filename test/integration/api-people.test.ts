// Case composition through the HTTP API on the real stack: the principal and dependants of a
// case, each with a relationship, sealed at rest; adding, reading and removing are audited.
import { database } from '../../lib/database';
import { caseKeysFor } from '../../lib/case-keys';
import { keyring } from '../../lib/keyring';
import { publishDefinition } from '../../definitions/store';
import { bidDefinition } from '../support/person-steps';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
const db = database();

jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
  await publishDefinition(bidDefinition('XA'), { publishedBy: 'api-tests' });
  // The same process beginning with the step for each child.
  const bid = bidDefinition('XA');
  await publishDefinition(
    { ...bid, id: 'bid-first.xa', start: 'bid', steps: bid.steps.filter((s) => s.id !== 'registration') },
    { publishedBy: 'api-tests' },
  );
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** Completes the case's current step as the caseworker. */
const completeOf = (caseId: string) => (body: Record<string, unknown>) =>
  h.http
    .post(`/v1/cases/${caseId}/complete-step`)
    .set(bearer(h.keys.caseworker))
    .send({ data: {}, ...body });

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

it('adds the same person once: two identical adds at once make one row, the other answers 200', async () => {
  const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  const people = `/v1/cases/${started.body.id as string}/people`;
  const add = () =>
    h.http.post(people).set(bearer(h.keys.caseworker)).send({ relationship: 'child', person: child });
  const answers = await Promise.all([add(), add()]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
  expect(answers[0]!.body.people).toEqual(answers[1]!.body.people);
  expect(await db.casePerson.count({ where: { caseId: started.body.id } })).toBe(1);
  // Another child of the same names but another birth date is another person.
  const twin = await h.http
    .post(people)
    .set(bearer(h.keys.caseworker))
    .send({ relationship: 'child', person: { ...child, birthDate: '2016-06-01' } });
  expect(twin.status).toBe(201);
  expect(twin.body.people).toHaveLength(3);
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

  const complete = completeOf(caseId);
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

const dependant = (givenName: string, relationship: string, birthDate?: string) => ({
  givenName,
  familyName: 'Mwangalizi',
  relationship,
  ...(birthDate ? { birthDate } : {}),
});

/** Starts a case of the definition as the caseworker, with these dependants given at the start. */
const startWithDependants = (definitionId: string, dependants: ReturnType<typeof dependant>[]) => {
  const body = startBody(h, { definitionId });
  return h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send({ ...body, applicant: { ...body.applicant, dependants } });
};

it('makes the dependants given at the start people of the case: the step for each child waits for both', async () => {
  const started = await startWithDependants('bid-mini.xa', [
    dependant('Amani', 'child', '2015-06-01'),
    dependant('Juma', 'spouse'),
    dependant('Baraka', 'child', '2018-02-11'),
  ]);
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;

  const people = await h.http.get(`/v1/cases/${caseId}/people`).set(bearer(h.keys.caseworker));
  expect(people.body.people).toEqual([
    expect.objectContaining({ id: 'principal' }),
    expect.objectContaining({
      id: expect.stringMatching(/^P-[0-9A-Z]{10}$/),
      role: 'dependant',
      relationship: 'child',
      person: { givenName: 'Amani', familyName: 'Mwangalizi', birthDate: '2015-06-01' },
    }),
    expect.objectContaining({
      relationship: 'spouse',
      person: { givenName: 'Juma', familyName: 'Mwangalizi' },
    }),
    expect.objectContaining({
      relationship: 'child',
      person: expect.objectContaining({ givenName: 'Baraka' }),
    }),
  ]);
  const [, first, , second] = people.body.people.map((p: { id: string }) => p.id) as string[];
  const rows = await db.casePerson.findMany({ where: { caseId } });
  expect(rows).toHaveLength(3);
  expect(rows.map((r) => r.personalData).join()).not.toMatch(/Amani|Baraka|Juma/);
  expect(rows.map((r) => r.addedBy)).toEqual([h.staff.caseworker, h.staff.caseworker, h.staff.caseworker]);

  const complete = completeOf(caseId);
  expect((await complete({ step: 'registration', outcome: 'registered' })).status).toBe(200);
  const onBid = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker));
  expect(onBid.body.currentStep).toBe('bid');
  expect(onBid.body.persons).toEqual([
    { person: first, done: false },
    { person: second, done: false },
  ]);
  const one = await complete({ step: 'bid', outcome: 'in_interest', person: first });
  expect([one.status, one.body.currentStep]).toEqual([200, 'bid']);
  const both = await complete({ step: 'bid', outcome: 'in_interest', person: second });
  expect([both.status, both.body.currentStep]).toEqual([200, 'submitted']);
});

it('refuses a dependant of an unknown relationship at the start: 400 at its path, naming the known ones', async () => {
  const body = startBody(h, { definitionId: 'bid-mini.xa' });
  const refused = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send({ ...body, applicant: { ...body.applicant, dependants: [dependant('Amani', 'daughter')] } });
  expect(refused.status).toBe(400);
  expect(refused.body.error.details.issues).toEqual([
    {
      path: 'body.applicant.dependants.0.relationship',
      message: expect.stringMatching(/'spouse' \| 'child' \| 'parent' \| 'sibling' \| 'other'/),
    },
  ]);
  expect(JSON.stringify(refused.body)).not.toContain('daughter');
  expect(await db.case.count({ where: { reference: body.reference } })).toBe(0);
});

it('starts a case on a step for each child with the children given at the start: the answer and the workflow agree', async () => {
  const started = await startWithDependants('bid-first.xa', [
    dependant('Amani', 'child', '2015-06-01'),
    dependant('Baraka', 'child', '2018-02-11'),
  ]);
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  const children = (await db.casePerson.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map(
    (r) => r.id,
  );
  const expected = expect.arrayContaining(children.map((person) => ({ person, done: false })));
  // The start answers from the row, the read from the workflow: both know the two children.
  expect(started.body.currentStep).toBe('bid');
  expect(started.body.persons).toHaveLength(2);
  expect(started.body.persons).toEqual(expected);
  const read = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker));
  expect(read.body.live).toBe(true);
  expect(read.body.persons).toEqual(started.body.persons);
});

it('shows the dependants a case has now: one removed is gone from the case, one added appears', async () => {
  const started = await startWithDependants('api-mini.xa', [
    dependant('Amani', 'child', '2015-06-01'),
    dependant('Juma', 'spouse'),
  ]);
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  const people = `/v1/cases/${caseId}/people`;
  // The applicant's sealed data is the principal's: the dependants are the case's people.
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  const sealed = JSON.parse(await caseKeysFor(db, keyring()).open(row.personalData!)) as object;
  expect(Object.keys(sealed)).not.toContain('dependants');

  const listed = await h.http.get(people).set(bearer(h.keys.caseworker));
  const amani = (listed.body.people as { id: string; person: { givenName: string } }[]).find(
    (p) => p.person.givenName === 'Amani',
  )!;
  expect(
    (await h.http.post(`${people}/${amani.id}/remove`).set(bearer(h.keys.supervisor)).send({})).status,
  ).toBe(200);
  const added = await h.http
    .post(people)
    .set(bearer(h.keys.caseworker))
    .send({ relationship: 'child', person: { ...child, givenName: 'Baraka' } });
  expect(added.status).toBe(201);

  const read = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker));
  expect(read.status).toBe(200);
  expect(read.body.applicant).toMatchObject({ givenName: 'Zainabu', familyName: 'Mwangalizi' });
  expect(read.body.applicant.dependants).toEqual([
    { givenName: 'Juma', familyName: 'Mwangalizi', relationship: 'spouse' },
    { ...child, givenName: 'Baraka', relationship: 'child' },
  ]);
});
