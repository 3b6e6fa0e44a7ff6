// The delivery relay against the run's PostgreSQL and a real SMTP server: what the projection
// stores as owed arrives once, a case's partner updates in the order they were owed, and nothing
// is lost when a relay dies with rows in hand, when two relays share the table, or when the
// mail server is down. (Partner feeds are woken through Temporal in the partner tests; here the
// feed records its wakes.)
import { randomBytes } from 'node:crypto';
import { DeliveryRelay } from '../../activities/notifications/relay';
import { applyProjectionBatch } from '../../activities/projection';
import type { NotificationRequest, PartnerUpdate } from '../../contract/activities';
import type { CaseSnapshot, OwedMessage } from '../../contract/projection';
import { createPartner } from '../../directory/partners';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { smtpMailer } from '../../lib/mailer';
import type { PartnerFeed } from '../../activities/partners/feed';
import { eventually, freePort } from '../support/processes';
import { miniSnapshot } from '../support/case-fixtures';
import { projectionCaseCounts } from '../../api/cases/counts';
import { createMetrics, registerCaseGauges } from '../../lib/metrics';
import type { Mailer } from '../../lib/mailer';

jest.setTimeout(120_000);

const run = randomBytes(3).toString('hex');
const db = database();
let mailbox: Mailbox;
const relays: DeliveryRelay[] = [];

beforeAll(async () => {
  mailbox = await startMailbox({ port: await freePort() });
});

// Each test's relays stop with it: another test's rows are not theirs to deliver.
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
});

afterAll(async () => {
  await mailbox?.stop();
  await closeDatabase();
});

/** A relay over the real database and mailbox; `feed` records the partner feeds it wakes. */
function relay(feed: PartnerFeed, smtpUrl = mailbox.url, options = {}): DeliveryRelay {
  const r = new DeliveryRelay(
    {
      db,
      keys: keyring(),
      mailer: smtpMailer(smtpUrl, 'Pathways <p@test>', 2000),
      publicUrl: 'http://api.test',
      feed,
    },
    { pollMs: 100, ...options },
  );
  relays.push(r);
  return r;
}

const snapshot = (caseId: string): CaseSnapshot =>
  miniSnapshot(caseId, { assignee: `amina.${run}@pathways.test` });

const facts = (caseId: string) => ({
  caseId,
  reference: `REF-${caseId}`,
  program: 'resettlement',
  country: 'KE',
  definitionId: 'mini.ke',
  definitionVersion: 1,
  timeZone: 'Africa/Nairobi',
  language: 'en',
  priority: 'normal',
  assignee: `amina.${run}@pathways.test`,
});

const email = (caseId: string, n: number): OwedMessage => ({
  kind: 'email',
  request: {
    businessKey: `${caseId}:v${n}:task_assigned:step:1`,
    kind: 'task_assigned',
    case: facts(caseId),
    to: 'assignee',
    step: { id: 'assessment', title: `Assessment ${n}`, visit: n },
  } satisfies NotificationRequest,
});

const partnerUpdate = (caseId: string, n: number): OwedMessage => ({
  kind: 'partner',
  update: {
    eventKey: `${caseId}:v${n}:entered`,
    case: facts(caseId),
    event: 'step_entered',
    status: `Status ${n}`,
    occurredAt: new Date().toISOString(),
    sequence: n,
  } satisfies PartnerUpdate,
});

/** Opens a case (its row) linked to a partner that hears of step_entered, owing `owed`. */
async function caseOwing(name: string, owed: OwedMessage[], owedAt = new Date()): Promise<string> {
  const caseId = `relay-${name}-${run}`;
  await applyProjectionBatch(db, { case: snapshot(caseId), visits: [], events: [] }, keyring());
  const partnerId = `ngo-${name}-${run}`;
  await createPartner(db, keyring(), {
    id: partnerId,
    name: 'Referring NGO',
    kind: 'ngo',
    contactEmail: `${partnerId}@ngo.test`,
    webhookUrl: 'http://127.0.0.1:9/hook',
    sharingProfile: { fields: [], events: ['step_entered'] },
  });
  await db.casePartner.create({
    data: { caseId, partnerId, role: 'referring', consent: [], caseOpenedAt: new Date() },
  });
  await applyProjectionBatch(db, { visits: [], events: [], owed, owedAt: owedAt.toISOString() }, keyring());
  return caseId;
}

const undone = (caseId: string) => db.owedMessage.count({ where: { caseId, doneAt: null } });
const allDone = async (caseId: string) => ((await undone(caseId)) === 0 ? true : undefined);
const sentTo = (subjectPart: string) => mailbox.messages().filter((m) => m.subject.includes(subjectPart));

it('sends each owed email once and publishes partner updates in the order owed, though the first fails twice', async () => {
  const woken: string[] = [];
  let failures = 2;
  const feed: PartnerFeed = {
    async wake(partnerId) {
      if (failures-- > 0) throw new Error('temporal unreachable');
      woken.push(partnerId);
    },
  };
  const caseId = await caseOwing('order', [
    partnerUpdate(`relay-order-${run}`, 1),
    email(`relay-order-${run}`, 1),
    partnerUpdate(`relay-order-${run}`, 2),
    partnerUpdate(`relay-order-${run}`, 3),
  ]);
  relay(feed).start();
  await eventually(() => allDone(caseId), 60_000);
  const events = await db.partnerEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => [e.seq, e.caseSequence])).toEqual([
    [1, 1],
    [2, 2],
    [3, 3],
  ]);
  expect(woken).toHaveLength(3);
  expect(sentTo(`REF-${caseId}`)).toHaveLength(1);
  const rows = await db.owedMessage.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  expect(rows.map((r) => [r.kind, r.outcome])).toEqual([
    ['partner', 'delivered'],
    ['email', 'delivered'],
    ['partner', 'delivered'],
    ['partner', 'delivered'],
  ]);
  // The first update was tried three times; the later ones waited for it, each delivered at once.
  expect(rows.filter((r) => r.kind === 'partner').map((r) => r.attempts)).toEqual([3, 1, 1]);
});

it('keeps a partner update that cannot be published, holds the later ones back, and the gauge shows its age', async () => {
  // Publishing fails every time (the feed cannot be woken), for an update owed two hours ago.
  const feed: PartnerFeed = {
    wake: async () => {
      throw new Error('the feed cannot be woken');
    },
  };
  const caseId = `relay-stuck-${run}`;
  await caseOwing(
    'stuck',
    [partnerUpdate(caseId, 1), partnerUpdate(caseId, 2)],
    new Date(Date.now() - 2 * 60 * 60 * 1000),
  );
  const r = relay(feed);
  expect(await r.deliverDue()).toBe(1); // the first only: the second, due too, waits for it
  const rows = await db.owedMessage.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  expect(rows.map((row) => [row.attempts, row.outcome, row.nextAttemptAt !== null])).toEqual([
    [1, null, true],
    [0, null, true],
  ]);
  const metrics = createMetrics();
  registerCaseGauges(metrics, projectionCaseCounts(db));
  const text = await metrics.registry.metrics();
  const oldest = Number(/^pathways_owed_message_oldest_seconds\{kind="partner"\} (\S+)$/m.exec(text)?.[1]);
  expect(oldest).toBeGreaterThanOrEqual(2 * 60 * 60);
  await db.owedMessage.deleteMany({ where: { caseId } });
});

it('shares the table between two relays: every email arrives once', async () => {
  const feed: PartnerFeed = { wake: async () => undefined };
  const caseId = `relay-shared-${run}`;
  const owed = Array.from({ length: 40 }, (_, i) => email(caseId, i + 1));
  await caseOwing('shared', owed);
  // The API's gauge shows the backlog (other tests' rows may be in it too).
  const backlog = await projectionCaseCounts(db).owed();
  expect(backlog.find((b) => b.kind === 'email')?.count).toBeGreaterThanOrEqual(40);
  relay(feed, mailbox.url, { batchSize: 4 }).start();
  relay(feed, mailbox.url, { batchSize: 4 }).start();
  await eventually(() => allDone(caseId), 60_000);
  const arrived = sentTo(`REF-${caseId}`);
  expect(arrived).toHaveLength(40);
  expect(new Set(arrived.map((m) => m.messageId)).size).toBe(40);
});

it('takes over the rows of a relay that died holding them, once their lease lapses', async () => {
  const feed: PartnerFeed = { wake: async () => undefined };
  const caseId = `relay-lease-${run}`;
  await caseOwing('lease', [email(caseId, 1), email(caseId, 2)]);
  // A relay claimed both (its lease runs 1.5 s more) and died before sending.
  await db.owedMessage.updateMany({
    where: { caseId },
    data: { attempts: 1, leasedUntil: new Date(Date.now() + 1500) },
  });
  const taker = relay(feed);
  expect(await taker.deliverDue()).toBe(0); // still theirs
  await eventually(async () => ((await taker.deliverDue()) === 2 ? true : undefined), 10_000);
  expect(await undone(caseId)).toBe(0);
  expect(sentTo(`REF-${caseId}`)).toHaveLength(2);
  const rows = await db.owedMessage.findMany({ where: { caseId } });
  expect(rows.map((r) => r.attempts)).toEqual([2, 2]);
});

it('keeps the lease of a slow delivery: a second relay does not send it again meanwhile', async () => {
  const feed: PartnerFeed = { wake: async () => undefined };
  const caseId = `relay-slow-${run}`;
  await caseOwing('slow', [email(caseId, 1)]);
  const smtp = smtpMailer(mailbox.url, 'Pathways <p@test>', 2000);
  // An SMTP server that takes 2 s to accept, four times the lease.
  const slow: Mailer = {
    send: async (mail) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await smtp.send(mail);
    },
    close: () => smtp.close(),
  };
  const first = new DeliveryRelay(
    { db, keys: keyring(), mailer: slow, publicUrl: 'http://api.test', feed },
    { pollMs: 100, leaseMs: 500 },
  );
  relays.push(first);
  const delivering = first.deliverDue();
  // The second relay starts once the first holds the row: started together, either may claim it.
  await eventually(
    async () =>
      (await db.owedMessage.findFirstOrThrow({ where: { caseId } })).attempts === 1 ? true : undefined,
    5_000,
  );
  relay(feed, mailbox.url, { leaseMs: 500 }).start();
  expect(await delivering).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(sentTo(`REF-${caseId}`)).toHaveLength(1);
  const row = await db.owedMessage.findFirstOrThrow({ where: { caseId } });
  expect([row.outcome, row.attempts]).toEqual(['delivered', 1]);
});

it('gives up an email not accepted within a day of being owed, and says so', async () => {
  const feed: PartnerFeed = { wake: async () => undefined };
  const caseId = `relay-expired-${run}`;
  await caseOwing('expired', [email(caseId, 1)], new Date(Date.now() - 25 * 60 * 60 * 1000));
  const down = relay(feed, `smtp://127.0.0.1:${await freePort()}`);
  expect(await down.deliverDue()).toBe(1);
  const row = await db.owedMessage.findFirstOrThrow({ where: { caseId } });
  expect([row.outcome, row.nextAttemptAt, row.lastError]).toEqual(['expired', null, expect.any(String)]);
  expect(sentTo(`REF-${caseId}`)).toHaveLength(0);
});

it('keeps an email owed while the mail server is down, and sends it once it is back', async () => {
  const feed: PartnerFeed = { wake: async () => undefined };
  const caseId = `relay-down-${run}`;
  const port = await freePort();
  await caseOwing('down', [email(caseId, 1)]);
  const r = relay(feed, `smtp://127.0.0.1:${port}`);
  expect(await r.deliverDue()).toBe(1);
  const waiting = await db.owedMessage.findFirstOrThrow({ where: { caseId } });
  expect([waiting.doneAt, waiting.attempts]).toEqual([null, 1]);
  expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 3_000); // backoff: 5 s
  const later = await startMailbox({ port });
  try {
    await db.owedMessage.update({ where: { id: waiting.id }, data: { nextAttemptAt: new Date() } });
    expect(await r.deliverDue()).toBe(1);
    expect(later.messages()).toHaveLength(1);
    expect((await db.owedMessage.findFirstOrThrow({ where: { caseId } })).outcome).toBe('delivered');
  } finally {
    await later.stop();
  }
});
