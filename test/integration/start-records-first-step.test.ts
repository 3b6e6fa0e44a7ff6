// A new case is recorded whole when the API answers its start: the list shows it on its first
// step with its due date, its first visit and events are in PostgreSQL, and the email and partner
// status its first step owes are queued, even while no worker has run the case's workflow yet.
// When a worker does, the case's own state agrees with what was recorded (the same entry instant
// and due date), it records nothing again and each message arrives once.
// Real API, Temporal dev server, workers, PostgreSQL, SMTP mailbox and partner webhook receiver.
import request from 'supertest';
import { temporal } from '@temporalio/proto';
import { createApp } from '../../api/app';
import { createPartner } from '../../directory/partners';
import { publishDefinition } from '../../definitions/store';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery } from '../../contract/messages';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { dataConverter } from '../../lib/payload-codec';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { taskChainDefinition } from '../support/case-fixtures';
import { startPartnerServer, type PartnerServer } from '../support/partner-server';
import { eventually } from '../support/processes';
import { realCaseDeps } from '../support/real-activities';
import { runningCaseWorker } from '../support/case-worker';
import { bearer, NAMESPACE, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(240_000);

const db = database();
const EventType = temporal.api.enums.v1.EventType;
const STEPS = ['first', 'second'];
const definition = taskChainDefinition('first-step.xa', STEPS, { notify: true });

let h: ApiHarness;
let partnerServer: PartnerServer;
let mailbox: Mailbox;
let partnerId: string;

beforeAll(async () => {
  partnerServer = await startPartnerServer();
  mailbox = await startMailbox({ port: 0 });
  h = await startApiHarness({
    deps: (client) => realCaseDeps(client, TASK_QUEUE, `smtp://127.0.0.1:${mailbox.port}`),
  });
  await publishDefinition(definition, { publishedBy: 'first-step-test' });
  partnerId = `first-step-${h.run}`;
  await createPartner(db, keyring(), {
    id: partnerId,
    name: 'Referring NGO',
    kind: 'ngo',
    contactEmail: `first-step.${h.run}@ngo.test`,
    webhookUrl: partnerServer.url('/first-step'),
    sharingProfile: { fields: [], events: ['step_entered'] },
  });
}, 180_000);

afterAll(async () => {
  await h?.close();
  await partnerServer?.stop();
  await mailbox?.stop();
});

/** The emails of one step of this file's cases. */
const emailsFor = (step: string) => mailbox.messages().filter((m) => m.subject.includes(`Step ${step}`));

test('a started case is listed on its first step, due, with its messages queued, before any worker runs it; the worker then records nothing twice', async () => {
  // Cases started by this app go to a task queue no worker polls yet: their workflows wait.
  const queue = `first-step-later-${h.run}`;
  const api = request(
    createApp({ db, keys: keyring(), temporal: h.client, taskQueue: queue, namespace: NAMESPACE }),
  );
  const started = await api
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, {
        definitionId: definition.id,
        partners: [{ partnerId, role: 'referring', consent: [] }],
      }),
    );
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  expect(started.body).toMatchObject({ currentStep: 'first', status: 'open' });
  expect(started.body.dueAt).toEqual(expect.any(String));

  // The list (PostgreSQL) shows it as the answer did, due date included.
  const list = await h.http
    .get('/v1/cases')
    .query({ assignee: h.staff.caseworker, limit: 100, sort: 'openedAt' })
    .set(bearer(h.keys.caseworker));
  expect(list.status).toBe(200);
  expect((list.body.cases as { id: string }[]).find((c) => c.id === caseId)).toMatchObject({
    currentStep: 'first',
    dueAt: started.body.dueAt,
  });
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  const visits = await db.stepVisit.findMany({ where: { caseId } });
  expect(visits.map((v) => [v.visit, v.step, v.enteredAt.toISOString(), v.dueAt?.toISOString()])).toEqual([
    [1, 'first', row.openedAt.toISOString(), started.body.dueAt],
  ]);
  const events = await db.caseEvent.findMany({ where: { caseId }, orderBy: { occurredAt: 'asc' } });
  expect(events.map((e) => e.kind).sort()).toEqual(['case_started', 'step_entered']);
  const owed = await db.owedMessage.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  expect(owed.map((o) => o.kind)).toEqual(['email', 'partner']);

  // The messages do not wait for the case's workflow: the relay of the running worker sends them.
  await eventually(async () => (emailsFor('first').length === 1 ? true : undefined), 60_000);
  await partnerServer.waitFor('/first-step', 1, 60_000);
  const handle = h.client.workflow.getHandle(caseWorkflowId(caseId));
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect((await handle.fetchHistory()).events?.length).toBe(2); // started, its first task scheduled

  // Now a worker polls the queue: the case's workflow runs.
  const deps = realCaseDeps(h.client, TASK_QUEUE, `smtp://127.0.0.1:${mailbox.port}`);
  const worker = await runningCaseWorker(h.env, queue, deps, { dataConverter: dataConverter() });
  try {
    const state = await eventually(async () => {
      const view = await handle.query(caseStateQuery);
      return view.currentStep === 'first' ? view : undefined;
    }, 60_000);
    // The case's own clock started when the case was opened: the same entry and due date as recorded.
    expect(state.history).toEqual([
      expect.objectContaining({
        step: 'first',
        enteredAt: row.openedAt.toISOString(),
        dueAt: started.body.dueAt,
      }),
    ]);
    // Its first workflow task wrote nothing (no local activity marker) and owed nothing again.
    const history = await handle.fetchHistory();
    const kinds = (history.events ?? []).map((e) => e.eventType);
    expect(kinds).not.toContain(EventType.EVENT_TYPE_MARKER_RECORDED);
    expect(kinds).toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    expect(await db.owedMessage.count({ where: { caseId } })).toBe(2);
    expect(await db.caseEvent.count({ where: { caseId } })).toBe(2);

    // And it moves on as any case does: the next step's email and status follow.
    const moved = await h.http
      .post(`/v1/cases/${caseId}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'first', outcome: 'done', data: {} });
    expect(moved.status).toBe(200);
    expect(moved.body.history[0]).toMatchObject({ enteredAt: row.openedAt.toISOString(), outcome: 'done' });
    await eventually(async () => (emailsFor('second').length === 1 ? true : undefined), 60_000);
    await partnerServer.waitFor('/first-step', 2, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect([emailsFor('first').length, emailsFor('second').length]).toEqual([1, 1]);
    const hooks = partnerServer
      .received('/first-step')
      .filter((hook) => hook.body.case.reference === row.reference);
    expect(hooks.map((hook) => hook.body.sequence)).toEqual([1, 2]);
  } finally {
    await worker.stop();
  }
});
