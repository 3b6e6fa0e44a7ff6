// Email notifications against a real SMTP server in the test process: each message arrives
// once, in the recipient's language, even when the activity is retried after the send.
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { closeDatabase, database } from '../../lib/database';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { deliverNotification } from '../../activities/notifications/deliver';
import { smtpMailer } from '../../lib/mailer';
import { messageIdFor, type OutboxDeps } from '../../activities/notifications/outbox';
import type { NotificationRequest } from '../../contract/activities';
import { caseFacts, freePort, losingFirstSentUpdate, pause } from '../support/notifications';

const db = database();
let mailbox: Mailbox;
const deps = (overrides: Partial<OutboxDeps> = {}): OutboxDeps => ({
  db,
  mailer: smtpMailer(mailbox.url, 'Pathways <pathways@test>', 2000),
  publicUrl: 'http://api.test',
  ...overrides,
});
const request = (key: string, overrides: Partial<NotificationRequest> = {}): NotificationRequest => ({
  businessKey: key,
  kind: 'overdue',
  case: caseFacts({ country: 'XN', assignee: 'amina@xn.test' }),
  to: 'assignee',
  step: { id: 'interview', title: 'Resettlement interview', visit: 3, dueAt: '2026-03-04T09:30:00Z' },
  ...overrides,
});
const activityEnvironment = (info = {}) =>
  new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
const run = <R>(fn: () => Promise<R>, env = activityEnvironment()): Promise<R> => env.run(fn) as Promise<R>;

beforeAll(async () => {
  mailbox = await startMailbox({ port: 0, rejectRecipients: (a) => a.startsWith('bounce') });
  await db.staff.createMany({
    data: [
      {
        name: 'Amina',
        email: 'amina@xn.test',
        roles: ['caseworker'],
        countries: ['XN'],
        language: 'fr',
        timeZone: 'Africa/Nairobi',
      },
      { name: 'Omar', email: 'omar@xn.test', roles: ['supervisor'], countries: ['XN'], language: 'ar' },
      {
        name: 'Lucia',
        email: 'lucia@xn.test',
        roles: ['supervisor'],
        countries: ['XN', 'XO'],
        language: 'es',
        timeZone: 'America/Lima',
      },
      { name: 'Away', email: 'away@xn.test', roles: ['supervisor'], countries: ['XN'], active: false },
      { name: 'Other', email: 'other@xo.test', roles: ['supervisor'], countries: ['XO'] },
      { name: 'Bounce', email: 'bounce@xn.test', roles: ['protection_officer'], countries: ['XN'] },
      { name: 'Paula', email: 'pm@xn.test', roles: ['program_manager'], countries: ['XN'] },
    ],
  });
});
beforeEach(() => mailbox.clear());
afterAll(async () => {
  await mailbox.stop();
  await closeDatabase();
});

test('the assignee gets one email in their language; a second call sends nothing', async () => {
  const first = await run(() => deliverNotification(deps(), request('XN-1:v3:overdue:daily:1')));
  const second = await run(() => deliverNotification(deps(), request('XN-1:v3:overdue:daily:1')));
  expect(first).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
  expect(second).toEqual({ sent: 0, alreadySent: 1, failed: 0 });
  const [mail, ...more] = await mailbox.waitForMessages(1);
  expect(more).toHaveLength(0);
  expect(mail!.envelopeTo).toEqual(['amina@xn.test']);
  expect(mail!.subject).toBe('[KE-2026-0001] En retard, action requise : Resettlement interview');
  expect(mail!.language).toBe('fr');
  expect(mail!.messageId).toBe(messageIdFor('XN-1:v3:overdue:daily:1:amina@xn.test'));
  expect(mail!.text).toContain('12:30'); // 09:30 UTC shown in Nairobi time
  expect(mail!.html).toContain('href="http://api.test/app/cases/case-1"');
  const row = await db.message.findUniqueOrThrow({
    where: { businessKey: 'XN-1:v3:overdue:daily:1:amina@xn.test' },
  });
  expect(row).toMatchObject({ status: 'sent', attempts: 1, recipient: 'amina@xn.test', language: 'fr' });
});

test('a role resolves to the active staff of the case country, each in their language and time zone', async () => {
  const result = await run(() =>
    deliverNotification(
      deps(),
      request('XN-2:v3:escalate:1', { kind: 'escalation', to: { role: 'supervisor' } }),
    ),
  );
  expect(result.sent).toBe(2);
  const mails = await mailbox.waitForMessages(2);
  const byRecipient = Object.fromEntries(mails.map((m) => [m.envelopeTo[0], m]));
  expect(Object.keys(byRecipient).sort()).toEqual(['lucia@xn.test', 'omar@xn.test']);
  expect(byRecipient['omar@xn.test']!.html).toContain('<html lang="ar" dir="rtl">');
  expect(byRecipient['omar@xn.test']!.text).toContain('12:30'); // no zone of his own: the country's
  expect(byRecipient['lucia@xn.test']!.subject).toContain('Escalamiento');
  expect(byRecipient['lucia@xn.test']!.text).toContain('04:30'); // Lima
});

test("each recipient reads the step title and the priority in their own language, else the definition's", async () => {
  const titled = request('XN-4:v3:escalate:1', {
    kind: 'escalation',
    to: { role: 'supervisor' },
    step: {
      id: 'interview',
      title: 'Resettlement interview',
      visit: 3,
      titles: { ar: 'مقابلة إعادة التوطين' },
    },
  });
  expect((await run(() => deliverNotification(deps(), titled))).sent).toBe(2);
  const mails = await mailbox.waitForMessages(2);
  const byRecipient = Object.fromEntries(mails.map((m) => [m.envelopeTo[0], m]));
  const arabic = byRecipient['omar@xn.test']!;
  expect(arabic.subject).toContain('مقابلة إعادة التوطين');
  expect(arabic.text).toContain('المرحلة: مقابلة إعادة التوطين');
  expect(arabic.text).toContain('الأولوية: عاجل');
  expect(arabic.text).not.toMatch(/Resettlement interview|urgent/);
  const spanish = byRecipient['lucia@xn.test']!; // no Spanish title: the definition's own, but the Spanish priority word
  expect(spanish.text).toContain('Resettlement interview');
  expect(spanish.text).toContain('urgente');
});

test('a retry after a send whose database update was lost does not send again (heartbeat journal)', async () => {
  const key = 'XN-3:v1:task_assigned';
  const heartbeats: unknown[] = [];
  const first = activityEnvironment();
  first.on('heartbeat', (details: unknown) => heartbeats.push(details));
  await expect(
    run(
      () =>
        deliverNotification(deps({ db: losingFirstSentUpdate(db) }), request(key, { kind: 'task_assigned' })),
      first,
    ),
  ).rejects.toThrow('connection to the database lost');
  await mailbox.waitForMessages(1);
  expect(
    await db.message.findUniqueOrThrow({ where: { businessKey: `${key}:amina@xn.test` } }),
  ).toMatchObject({ status: 'pending', attempts: 1 });

  const retry = activityEnvironment({ heartbeatDetails: heartbeats.at(-1) });
  const result = await run(() => deliverNotification(deps(), request(key, { kind: 'task_assigned' })), retry);
  expect(result).toEqual({ sent: 0, alreadySent: 1, failed: 0 });
  await pause(200);
  expect(mailbox.messages()).toHaveLength(1);
  expect(
    await db.message.findUniqueOrThrow({ where: { businessKey: `${key}:amina@xn.test` } }),
  ).toMatchObject({ status: 'sent' });
});

test('residual window: when the heartbeat was lost too, the resend carries the same Message-ID', async () => {
  const key = 'XN-4:v1:task_assigned';
  await expect(
    run(() =>
      deliverNotification(deps({ db: losingFirstSentUpdate(db) }), request(key, { kind: 'task_assigned' })),
    ),
  ).rejects.toThrow();
  await run(() => deliverNotification(deps(), request(key, { kind: 'task_assigned' })));
  const mails = await mailbox.waitForMessages(2);
  expect(new Set(mails.map((m) => m.messageId))).toEqual(new Set([messageIdFor(`${key}:amina@xn.test`)]));
});

test('SMTP down for a while, then up: every message is delivered once', async () => {
  const port = await freePort();
  const down = deps({ mailer: smtpMailer(`smtp://127.0.0.1:${port}`, 'Pathways <pathways@test>', 1000) });
  const owed = [
    request('XN-5:v1:entered', { kind: 'step_entered', to: { role: 'supervisor' } }),
    request('XN-5:v1:assigned', { kind: 'task_assigned' }),
  ];
  const errors: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const r of owed)
      await run(() => deliverNotification(down, r)).catch((e: Error) => errors.push(e.name));
  }
  expect(errors).toEqual([
    'ApplicationFailure',
    'ApplicationFailure',
    'ApplicationFailure',
    'ApplicationFailure',
  ]);
  const late = await startMailbox({ port });
  try {
    for (const r of owed) await run(() => deliverNotification(down, r));
    for (const r of owed) await run(() => deliverNotification(down, r));
    const mails = await late.waitForMessages(3);
    await pause(200);
    expect(
      late
        .messages()
        .map((m) => m.envelopeTo[0])
        .sort(),
    ).toEqual(['amina@xn.test', 'lucia@xn.test', 'omar@xn.test']);
    const rows = await db.message.findMany({ where: { businessKey: { startsWith: 'XN-5:' } } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['sent', 3]));
    expect(mails).toHaveLength(3);
  } finally {
    await late.stop();
  }
});

test('a bad address fails permanently: recorded, reported to the program manager, not retried', async () => {
  const owed = request('XN-6:v2:entered', { kind: 'step_entered', to: { role: 'protection_officer' } });
  const result = await run(() => deliverNotification(deps(), owed));
  expect(result).toEqual({ sent: 0, alreadySent: 0, failed: 1 });
  const again = await run(() => deliverNotification(deps(), owed));
  expect(again).toEqual({ sent: 0, alreadySent: 0, failed: 1 });
  const row = await db.message.findUniqueOrThrow({
    where: { businessKey: 'XN-6:v2:entered:bounce@xn.test' },
  });
  expect(row.status).toBe('failed');
  expect(row.lastError).toMatch(/^550/);
  const [report, ...more] = await mailbox.waitForMessages(1);
  await pause(200);
  expect(more).toHaveLength(0);
  expect(mailbox.messages()).toHaveLength(1);
  expect(report!.envelopeTo).toEqual(['pm@xn.test']);
  expect(report!.subject).toBe('[KE-2026-0001] Email not delivered to bounce@xn.test, please check');
});
