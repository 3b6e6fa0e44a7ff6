// Exactly-once email with Temporal's own retries: the database update after the second send of
// a role message is lost, Temporal retries the activity, and nobody gets a message twice.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { notificationActivities } from '../../activities/notifications/index';
import { smtpMailer } from '../../lib/mailer';
import { devServerEnvironment } from '../support/temporal';
import { caseFacts, losingFirstSentUpdate, pause } from '../support/notifications';
import { notifyOnce } from '../support/notify.workflow';

jest.setTimeout(60_000);
const db = database();
let env: TestWorkflowEnvironment;
let mailbox: Mailbox;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  env = await devServerEnvironment();
  mailbox = await startMailbox({ port: 0 });
  await db.staff.createMany({
    data: ['a', 'b', 'c'].map((n) => ({
      name: n,
      email: `${n}@xt.test`,
      roles: ['supervisor'],
      countries: ['XT'],
    })),
  });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
  await mailbox?.stop();
  await closeDatabase();
});

test('a lost "sent" commit is recovered from the heartbeat of the failed attempt: each supervisor gets one email', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'notify-test',
    workflowsPath: require.resolve('../support/notify.workflow'),
    activities: notificationActivities({
      db: losingFirstSentUpdate(db, 2),
      keys: keyring(),
      publicUrl: 'http://api.test',
      mailer: smtpMailer(mailbox.url, 'Pathways <p@test>', 2000),
      feed: { wake: async () => undefined },
    }),
  });
  const request = {
    businessKey: 'XT-1:v1:entered',
    kind: 'step_entered' as const,
    to: { role: 'supervisor' },
    case: caseFacts({ caseId: 'xt-1', country: 'XT' }),
  };
  const result = await worker.runUntil(
    env.client.workflow.execute(notifyOnce, {
      taskQueue: 'notify-test',
      workflowId: 'notify-xt-1',
      args: [request],
    }),
  );
  expect(result).toEqual({ sent: 1, alreadySent: 2, failed: 0 }); // the retry: a was marked, b was journalled, c is new
  await pause(300);
  expect(
    mailbox
      .messages()
      .map((m) => m.envelopeTo[0])
      .sort(),
  ).toEqual(['a@xt.test', 'b@xt.test', 'c@xt.test']);
  const rows = await db.message.findMany({
    where: { businessKey: { startsWith: 'XT-1:' } },
    orderBy: { recipient: 'asc' },
  });
  expect(rows.map((r) => [r.recipient, r.status, r.attempts])).toEqual([
    ['a@xt.test', 'sent', 1],
    ['b@xt.test', 'sent', 1],
    ['c@xt.test', 'sent', 1],
  ]);
});
