// A person added or removed while Temporal cannot be reached: the change is stored and answered
// 202, a retry of the same add finds the person (200, no second row), and the case learns its
// people when Temporal answers again, from the next action on the case or from the API's sweep,
// without any further change to its people.
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { startPeopleSweep, tellUntoldCases } from '../../api/cases/roster';
import { caseWorkflowId } from '../../contract/keys';
import { completeStepUpdate } from '../../contract/messages';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { dataConverter } from '../../lib/payload-codec';
import { silentLogger } from '../../lib/logger';
import { freePort } from '../support/processes';
import { bidDefinition } from '../support/person-steps';
import { bearer, NAMESPACE, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

const db = database();
let h: ApiHarness;
/** The same API over a Temporal client whose server is gone (nothing listens on its port). */
let down: ReturnType<typeof request>;

jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
  await publishDefinition(bidDefinition('XA'), { publishedBy: 'api-tests' });
  const deadTemporal = new Client({
    connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }),
    namespace: NAMESPACE,
    dataConverter: dataConverter(),
  });
  down = request(
    createApp({
      db,
      keys: keyring(),
      temporal: deadTemporal,
      taskQueue: TASK_QUEUE,
      namespace: NAMESPACE,
      temporalDeadlineMs: 1500,
    }),
  );
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const child = (givenName: string) => ({ givenName, familyName: 'Mwangalizi', birthDate: '2016-04-09' });
const untoldSince = async (caseId: string) =>
  (await db.case.findUniqueOrThrow({ where: { id: caseId } })).peopleUntoldSince;

async function startBidCase(): Promise<string> {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(startBody(h, { definitionId: 'bid-mini.xa' }));
  expect(started.status).toBe(201);
  return started.body.id as string;
}

it('stores a person added while Temporal is down (202), a retry adds nobody twice, and the sweep tells the case', async () => {
  const caseId = await startBidCase();
  const add = () =>
    down
      .post(`/v1/cases/${caseId}/people`)
      .set(bearer(h.keys.caseworker))
      .send({ relationship: 'child', person: child('Amani') });
  const first = await add();
  expect(first.status).toBe(202);
  const childId = first.body.people[1].id as string;
  expect(first.body.people.map((p: { id: string }) => p.id)).toEqual(['principal', childId]);
  expect(await untoldSince(caseId)).toBeInstanceOf(Date);

  const retry = await add();
  expect(retry.status).toBe(200);
  expect(retry.body.people.map((p: { id: string }) => p.id)).toEqual(['principal', childId]);
  expect(await db.casePerson.count({ where: { caseId } })).toBe(1);

  // Temporal answers again: the sweep tells every case whose people it has not heard.
  expect(await tellUntoldCases({ db, temporal: h.client, deadlineMs: 10_000 })).toMatchObject({
    unreachable: false,
  });
  expect(await untoldSince(caseId)).toBeNull();
  // Straight to the workflow (not through the API, which would tell the case first).
  const onBid = await h.client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(completeStepUpdate, {
    args: [
      {
        step: 'registration',
        outcome: 'registered',
        data: {},
        actor: { id: h.staff.caseworker, roles: ['caseworker'] },
      },
    ],
  });
  expect(onBid.persons).toEqual([{ person: childId, done: false }]);
});

it('a removal while Temporal is down is stored (202), and the next action on the case tells it first', async () => {
  const caseId = await startBidCase();
  const people = `/v1/cases/${caseId}/people`;
  const added = [];
  for (const name of ['Amani', 'Baraka']) {
    const res = await h.http
      .post(people)
      .set(bearer(h.keys.caseworker))
      .send({ relationship: 'child', person: child(name) });
    expect(res.status).toBe(201);
    added.push(res.body.people.at(-1).id as string);
  }
  const [stays, leaves] = added as [string, string];
  const removed = await down.post(`${people}/${leaves}/remove`).set(bearer(h.keys.caseworker)).send({});
  expect(removed.status).toBe(202);
  expect(removed.body.people.map((p: { id: string }) => p.id)).toEqual(['principal', stays]);
  const addedDown = await down
    .post(people)
    .set(bearer(h.keys.caseworker))
    .send({ relationship: 'child', person: child('Chausiku') });
  expect(addedDown.status).toBe(202);
  const late = addedDown.body.people.at(-1).id as string;

  const registered = await h.http
    .post(`/v1/cases/${caseId}/complete-step`)
    .set(bearer(h.keys.caseworker))
    .send({ step: 'registration', outcome: 'registered', data: {} });
  expect(registered.status).toBe(200);
  expect(registered.body.persons).toEqual([
    { person: stays, done: false },
    { person: late, done: false },
  ]);
  expect(await untoldSince(caseId)).toBeNull();
});

it("the API process's sweep tells a case by itself once Temporal answers", async () => {
  const caseId = await startBidCase();
  const added = await down
    .post(`/v1/cases/${caseId}/people`)
    .set(bearer(h.keys.caseworker))
    .send({ relationship: 'child', person: child('Dalmar') });
  expect(added.status).toBe(202);
  const stop = startPeopleSweep({ db, temporal: h.client, deadlineMs: 10_000 }, silentLogger(), 100);
  try {
    const giveUp = Date.now() + 20_000;
    while ((await untoldSince(caseId)) !== null && Date.now() < giveUp)
      await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    stop();
  }
  expect(await untoldSince(caseId)).toBeNull();
});
