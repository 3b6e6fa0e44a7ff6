// The mail server is down while a caseworker moves a case: the case still moves for everyone
// else — its row (lists, the case page) follows each step at once and the referring partner
// receives each status in order — while every email waits for the server. When the server
// comes back, each email arrives once, and only then does the case's workflow finish (until
// then its personal data cannot be erased: the workflow still needs it).
// Real Temporal dev server, worker, API, PostgreSQL, SMTP port and partner webhook receiver.
import { createPartner } from '../../directory/partners';
import { taskChainDefinition } from '../support/case-fixtures';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { caseWorkflowId } from '../../contract/keys';
import { realCaseDeps } from '../support/real-activities';
import { startPartnerServer, type PartnerServer } from '../support/partner-server';
import { eventually, freePort } from '../support/processes';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(240_000);

const db = database();
const STEPS = ['first', 'second', 'third', 'fourth'];

/** Four tasks in a row; entering each tells the assignee by email and the partner by status. */
const mailDefinition = taskChainDefinition('mail-down.xa', STEPS, { notify: true, endStatus: 'Closed' });

let h: ApiHarness;
let partnerServer: PartnerServer;
let mailbox: Mailbox | undefined;
let smtpPort: number;
let partnerId: string;

beforeAll(async () => {
  partnerServer = await startPartnerServer();
  // Nothing listens on this port until the test starts the mailbox there: connections are refused.
  smtpPort = await freePort();
  h = await startApiHarness({
    deps: (client) => realCaseDeps(client, TASK_QUEUE, `smtp://127.0.0.1:${smtpPort}`),
  });
  await publishDefinition(mailDefinition, { publishedBy: 'mail-down-test' });
  partnerId = `mail-down-${h.run}`;
  await createPartner(db, keyring(), {
    id: partnerId,
    name: 'Referring NGO',
    kind: 'ngo',
    contactEmail: `mail-down.${h.run}@ngo.test`,
    webhookUrl: partnerServer.url('/mail-down'),
    sharingProfile: { fields: [], events: ['step_entered', 'case_closed'] },
  });
}, 180_000);

afterAll(async () => {
  await h?.close();
  await partnerServer?.stop();
  await mailbox?.stop();
});

test('with the mail server down the case still moves for the list and the partner; each email arrives once when it is back', async () => {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, {
        definitionId: mailDefinition.id,
        partners: [{ partnerId, role: 'referring', consent: [] }],
      }),
    );
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  for (const step of STEPS) {
    const moved = await h.http
      .post(`/v1/cases/${caseId}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step, outcome: 'done', data: {} });
    expect(moved.status).toBe(200);
    // The row the list and the case page read has followed the step at once.
    const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.currentStep).toBe(STEPS[STEPS.indexOf(step) + 1] ?? 'closed');
  }

  // The partner has every status, in the case's order, while no email could be sent.
  await partnerServer.waitFor('/mail-down', STEPS.length + 1, 60_000);
  const received = partnerServer
    .received('/mail-down')
    .filter((hook) => hook.body.case.reference === started.body.reference);
  expect(received.map((hook) => hook.body.sequence)).toEqual([1, 2, 3, 4, 5]);
  expect(received.slice(0, STEPS.length).map((hook) => hook.body.case.status)).toEqual(
    STEPS.map((_, i) => `Status ${i + 1}`),
  );
  const unsent = await db.message.findMany({ where: { caseId }, select: { status: true } });
  expect(unsent.map((m) => m.status)).not.toContain('sent');
  // The case and its workflow have ended; the emails it owes wait for the relay, one row each.
  const workflow = h.client.workflow.getHandle(caseWorkflowId(caseId));
  await workflow.result();
  const owed = await db.owedMessage.findMany({ where: { caseId, kind: 'email' } });
  expect(owed.map((o) => [o.doneAt, o.attempts > 0])).toEqual(STEPS.map(() => [null, true]));
  // Erasing now would leave the relay unable to read what it still has to send: refused, kept.
  const erasure = `/v1/cases/${caseId}/erasure`;
  const requested = await h.http
    .post(erasure)
    .set(bearer(h.keys.supervisor))
    .send({ reason: 'subject_request' });
  expect(requested.status).toBe(201);
  const early = await h.http.post(`${erasure}/approve`).set(bearer(h.keys.admin));
  expect([early.status, early.body.error.details.rule]).toEqual([409, 'case_still_running']);
  expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).erasedAt).toBeNull();

  mailbox = await startMailbox({ port: smtpPort });
  const assigned = await mailbox.waitForMessages(STEPS.length, 120_000);
  await eventually(async () =>
    (await db.owedMessage.count({ where: { caseId, doneAt: null } })) === 0 ? true : undefined,
  );
  expect(mailbox.messages()).toHaveLength(STEPS.length);
  expect(new Set(assigned.map((m) => m.messageId)).size).toBe(STEPS.length);
  expect(STEPS.map((id) => assigned.filter((m) => m.subject.includes(`Step ${id}`)).length)).toEqual(
    STEPS.map(() => 1),
  );
  const sent = await db.message.findMany({ where: { caseId }, select: { status: true } });
  expect(sent.map((m) => m.status)).toEqual(Array(STEPS.length).fill('sent'));
  // Nothing is owed any more: the same request is approved now.
  const approved = await h.http.post(`${erasure}/approve`).set(bearer(h.keys.admin));
  expect(approved.status).toBe(200);
  expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).erasedAt).toBeInstanceOf(Date);
});
