// Partner feedback against a real local HTTP server as the partner, the real Temporal dev
// server running the feed workflow, real PostgreSQL and a real SMTP sink.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import type { PartnerUpdate } from '../../contract/activities';
import { notificationActivities } from '../../activities/notifications/index';
import { smtpMailer } from '../../lib/mailer';
import { temporalPartnerFeed, type PartnerFeed } from '../../activities/partners/feed';
import {
  createPartner,
  linkCasePartner,
  listDeadLetters,
  redeliverPartnerEvent,
  rotatePartnerSecret,
  setPartnerConsent,
} from '../../directory/partners';
import { publishPartnerUpdate } from '../../activities/partners/publish';
import { verifySignature } from '../../activities/partners/signature';
import type { DeliveryPolicy } from '../../contract/partner-feed';
import { devServerEnvironment } from '../support/temporal';
import { startPartnerServer, type PartnerServer, type ReceivedWebhook } from '../support/partner-server';
import { caseFacts, pause } from '../support/notifications';

jest.setTimeout(60_000);

const db = database();
const keys = keyring();
const taskQueue = 'partner-feed-test';
const policy: DeliveryPolicy = {
  initialIntervalMs: 100,
  backoffCoefficient: 2,
  maximumIntervalMs: 400,
  giveUpAfterMs: 4000,
  requestTimeoutMs: 400,
  idleMs: 5000,
};
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let partnerServer: PartnerServer;
let mailbox: Mailbox;
let feed: PartnerFeed;

const applicant = {
  givenName: 'Amina',
  familyName: 'Hassan',
  dateOfBirth: '1990-05-01',
  phone: '+254700000000',
};

async function newCase(id: string) {
  await db.case.create({
    data: {
      id,
      reference: `XP-${id}`,
      workflowId: `case-${id}`,
      program: 'resettlement',
      country: 'XP',
      definitionId: 'resettlement',
      definitionVersion: 1,
      priority: 'normal',
      assignee: 'worker@xp.test',
      personalData: keys.seal(JSON.stringify(applicant)),
    },
  });
  return caseFacts({ caseId: id, reference: `XP-${id}`, country: 'XP' });
}

async function newWebhookPartner(
  id: string,
  path: string,
  fields: string[],
  events: PartnerUpdate['event'][] = ['step_entered', 'case_closed'],
) {
  const { webhookSecret } = await createPartner(db, keys, {
    id,
    name: `Partner ${id}`,
    kind: 'ngo',
    contactEmail: `${id}@partners.test`,
    webhookUrl: partnerServer.url(path),
    sharingProfile: { fields, events },
  });
  return webhookSecret!;
}

let counter = 0;
const update = (
  facts: ReturnType<typeof caseFacts>,
  event: PartnerUpdate['event'] = 'step_entered',
  status = 'Interview scheduled',
): PartnerUpdate => ({
  eventKey: `${facts.caseId}:${++counter}:${event}`,
  case: facts,
  event,
  status,
  occurredAt: new Date().toISOString(),
});
const publish = (u: PartnerUpdate) => publishPartnerUpdate({ db, keys, feed }, u);
const verified = (hook: ReceivedWebhook, secret: string) =>
  verifySignature({
    secret,
    timestampHeader: String(hook.headers['pathways-timestamp']),
    signatureHeader: String(hook.headers['pathways-signature']),
    rawBody: hook.rawBody,
  });
async function waitForMail(subject: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = mailbox.messages().find((m) => m.subject === subject);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email with the subject ${subject}`);
    await pause(50);
  }
}
const eventRow = (id: string) => db.partnerEvent.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  env = await devServerEnvironment();
  partnerServer = await startPartnerServer();
  mailbox = await startMailbox({ port: 0 });
  feed = temporalPartnerFeed(env.client, taskQueue, policy);
  await db.staff.create({
    data: { name: 'PM', email: 'pm@xp.test', roles: ['program_manager'], countries: ['XP'] },
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows/partner-feed.workflow'),
    activities: notificationActivities({
      db,
      keys,
      feed,
      publicUrl: 'http://api.test',
      mailer: smtpMailer(mailbox.url, 'Pathways <p@test>', 2000),
    }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await partnerServer?.stop();
  await mailbox?.stop();
  await closeDatabase();
});

test('events arrive signed, in order, once each, with only the profile fields the consent covers', async () => {
  const facts = await newCase('p1');
  const secret = await newWebhookPartner('ngo-one', '/ngo-one', ['givenName', 'country']);
  await linkCasePartner(db, {
    caseId: 'p1',
    partnerId: 'ngo-one',
    role: 'referring',
    consent: ['case_updates'],
  });
  partnerServer.script('/ngo-one', [503]); // the first event needs a retry: the second must still come after it
  const statuses = ['Referred', 'Interview scheduled', 'On hold'];
  expect(await publish(update(facts, 'step_entered', statuses[0]))).toEqual({ queued: 1 });
  await publish(update(facts, 'step_entered', statuses[1]));
  expect(await publish(update(facts, 'case_on_hold', statuses[2]))).toEqual({ queued: 0 }); // not in the profile's events
  await publish(update(facts, 'case_closed', 'Closed'));
  const hooks = await partnerServer.waitFor('/ngo-one', 4);
  await pause(300);
  const delivered = partnerServer.received('/ngo-one').slice(1);
  expect(delivered.map((h) => [h.body.sequence, h.body.case.status])).toEqual([
    [1, 'Referred'],
    [2, 'Interview scheduled'],
    [3, 'Closed'],
  ]);
  for (const hook of hooks) {
    expect(verified(hook, secret)).toBe(true);
    expect(verified(hook, 'whsec_wrong')).toBe(false);
    expect(hook.headers['idempotency-key']).toBe(hook.body.id);
    expect(hook.body.personal).toEqual({ givenName: 'Amina' });
    expect(hook.body.case).toEqual(expect.objectContaining({ reference: 'XP-p1', country: 'XP' }));
    for (const outside of ['Hassan', '1990-05-01', '+254700000000', 'familyName', 'priority'])
      expect(hook.rawBody).not.toContain(outside);
  }
  expect(hooks[0]!.body.id).toBe(hooks[1]!.body.id); // the retry is the same event
});

test('retries on 500 and on a timeout, then delivers', async () => {
  const facts = await newCase('p2');
  await newWebhookPartner('ngo-two', '/ngo-two', []);
  await linkCasePartner(db, { caseId: 'p2', partnerId: 'ngo-two', role: 'service' });
  partnerServer.script('/ngo-two', [500, 'hang', 200]);
  await publish(update(facts));
  const hooks = await partnerServer.waitFor('/ngo-two', 3);
  await pause(300);
  expect(new Set(hooks.map((h) => h.body.id)).size).toBe(1);
  expect(await eventRow(hooks[0]!.body.id)).toMatchObject({ status: 'sent', attempts: 3 });
  expect(hooks[0]!.body.personal).toBeUndefined();
});

test('no retry on 400: dead letter, program manager told, later events held back, redelivery sends both in order', async () => {
  const facts = await newCase('p3');
  await newWebhookPartner('ngo-three', '/ngo-three', []);
  await linkCasePartner(db, { caseId: 'p3', partnerId: 'ngo-three', role: 'receiving' });
  partnerServer.script('/ngo-three', [400]);
  await publish(update(facts, 'step_entered', 'Submitted'));
  const [rejected] = await partnerServer.waitFor('/ngo-three', 1);
  await publish(update(facts, 'step_entered', 'Decision'));
  const report = await waitForMail('[XP-p3] Update not delivered to partner Partner ngo-three, please check');
  await pause(500);
  expect(partnerServer.received('/ngo-three')).toHaveLength(1);
  expect(await eventRow(rejected!.body.id)).toMatchObject({
    status: 'dead',
    attempts: 1,
    lastError: 'HTTP 400',
  });
  expect((await listDeadLetters(db, { partnerId: 'ngo-three' })).map((d) => d.id)).toEqual([
    rejected!.body.id,
  ]);
  expect(report.envelopeTo).toEqual(['pm@xp.test']);

  expect(await redeliverPartnerEvent(db, feed, rejected!.body.id)).toBe(true);
  const hooks = await partnerServer.waitFor('/ngo-three', 3);
  expect(hooks.slice(1).map((h) => [h.body.sequence, h.body.case.status])).toEqual([
    [1, 'Submitted'],
    [2, 'Decision'],
  ]);
  expect(await eventRow(rejected!.body.id)).toMatchObject({ status: 'sent' });
  expect(await redeliverPartnerEvent(db, feed, rejected!.body.id)).toBe(false);
});

test('a partner that keeps failing is dead-lettered after the last attempt', async () => {
  const facts = await newCase('p4');
  await newWebhookPartner('ngo-four', '/ngo-four', []);
  await linkCasePartner(db, { caseId: 'p4', partnerId: 'ngo-four', role: 'service' });
  partnerServer.script('/ngo-four', Array(50).fill(503));
  await publish(update(facts));
  const deadline = Date.now() + 10_000;
  while ((await listDeadLetters(db, { partnerId: 'ngo-four' })).length === 0 && Date.now() < deadline)
    await pause(100);
  const [dead] = await listDeadLetters(db, { partnerId: 'ngo-four' });
  expect(dead).toMatchObject({ lastError: 'HTTP 503' });
  expect(dead!.attempts).toBeGreaterThanOrEqual(4);
  expect(partnerServer.received('/ngo-four')).toHaveLength(dead!.attempts);
});

test('withdrawing consent removes the personal fields from the next event', async () => {
  const facts = await newCase('p5');
  await newWebhookPartner('legal-five', '/legal-five', ['givenName', 'familyName']);
  await linkCasePartner(db, {
    caseId: 'p5',
    partnerId: 'legal-five',
    role: 'service',
    consent: ['case_updates'],
  });
  await publish(update(facts, 'step_entered', 'Legal review'));
  await partnerServer.waitFor('/legal-five', 1);
  await setPartnerConsent(db, 'p5', 'legal-five', []);
  await publish(update(facts, 'step_entered', 'Visa application'));
  const [withConsent, withdrawn] = await partnerServer.waitFor('/legal-five', 2);
  expect(withConsent!.body.personal).toEqual({ givenName: 'Amina', familyName: 'Hassan' });
  expect(withdrawn!.body.personal).toBeUndefined();
  expect(withdrawn!.rawBody).not.toContain('Amina');
});

test('a dead-lettered event redelivered after consent is withdrawn carries no personal fields', async () => {
  const facts = await newCase('p9');
  await newWebhookPartner('legal-seven', '/legal-seven', ['givenName']);
  await linkCasePartner(db, {
    caseId: 'p9',
    partnerId: 'legal-seven',
    role: 'service',
    consent: ['case_updates'],
  });
  partnerServer.script('/legal-seven', [400]);
  await publish(update(facts, 'step_entered', 'Legal review'));
  const [rejected] = await partnerServer.waitFor('/legal-seven', 1);
  expect(rejected!.body.personal).toEqual({ givenName: 'Amina' });
  while ((await eventRow(rejected!.body.id))?.status !== 'dead') await pause(100);

  await setPartnerConsent(db, 'p9', 'legal-seven', []);
  expect(await redeliverPartnerEvent(db, feed, rejected!.body.id)).toBe(true);
  const [, redelivered] = await partnerServer.waitFor('/legal-seven', 2);
  expect(redelivered!.body.id).toBe(rejected!.body.id);
  expect(redelivered!.body.personal).toBeUndefined();
  expect(redelivered!.rawBody).not.toContain('Amina');
});

test('after a secret rotation both secrets sign during the overlap', async () => {
  const facts = await newCase('p6');
  const oldSecret = await newWebhookPartner('iom-six', '/iom-six', []);
  await linkCasePartner(db, { caseId: 'p6', partnerId: 'iom-six', role: 'service' });
  const { webhookSecret: newSecret } = await rotatePartnerSecret(db, keys, 'iom-six', 1);
  const stored = JSON.stringify(
    (await db.partner.findUniqueOrThrow({ where: { id: 'iom-six' } })).webhookSecrets,
  );
  expect(stored).not.toContain(oldSecret);
  expect(stored).not.toContain(newSecret);
  await publish(update(facts));
  const [hook] = await partnerServer.waitFor('/iom-six', 1);
  expect(String(hook!.headers['pathways-signature']).split(', ')).toHaveLength(2);
  expect(verified(hook!, newSecret)).toBe(true);
  expect(verified(hook!, oldSecret)).toBe(true);
});

test('a partner without a webhook gets the update by email in its language, without personal data', async () => {
  const facts = await newCase('p7');
  await createPartner(db, keys, {
    id: 'unhcr-seven',
    name: 'UNHCR',
    kind: 'unhcr',
    contactEmail: 'Desk@Unhcr.test',
    language: 'fr',
    sharingProfile: { fields: ['givenName'], events: ['step_entered'] },
  });
  await linkCasePartner(db, {
    caseId: 'p7',
    partnerId: 'unhcr-seven',
    role: 'referring',
    consent: ['case_updates'],
  });
  mailbox.clear();
  await publish(update(facts, 'step_entered', 'Entretien prévu'));
  const [mail] = await mailbox.waitForMessages(1);
  await pause(300);
  expect(mailbox.messages()).toHaveLength(1);
  expect(mail!.envelopeTo).toEqual(['desk@unhcr.test']);
  expect(mail!.subject).toBe('[XP-p7] Mise à jour du statut du dossier : Entretien prévu');
  expect(mail!.text).not.toContain('Amina');
  const [event] = await db.partnerEvent.findMany({ where: { partnerId: 'unhcr-seven' } });
  expect(event).toMatchObject({ status: 'sent', attempts: 1 });
});
