// The partner feed on the time-skipping server with the production policy: a partner that keeps
// failing is retried with growing intervals for 24 hours, then dead-lettered; later events wait.
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { DeliveryAttempt, PartnerFeedActivities } from '../../contract/partner-feed';
import { partnerFeedWorkflow } from '../../workflows/partner-feed.workflow';
import { timeSkippingEnvironment, workflowBundle } from '../support/temporal';

jest.setTimeout(120_000);
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  env = await timeSkippingEnvironment();
});
afterAll(async () => {
  await env?.teardown();
});

test('retries for up to 24 hours with backoff, then dead-letters and holds back the next event', async () => {
  const status = new Map([
    ['e1', 'pending'],
    ['e2', 'pending'],
  ]);
  const attempts: { eventId: string; at: number }[] = [];
  const dead: string[] = [];
  const activities: PartnerFeedActivities = {
    async nextPartnerEvent() {
      const first = [...status].find(([, s]) => s !== 'sent');
      return first?.[1] === 'pending' ? { id: first[0] } : null;
    },
    async attemptPartnerDelivery({ eventId }): Promise<DeliveryAttempt> {
      attempts.push({ eventId, at: await env.currentTimeMs() });
      return { outcome: 'retry', error: 'HTTP 503' };
    },
    async deadLetterPartnerEvent({ eventId }) {
      status.set(eventId, 'dead');
      dead.push(eventId);
    },
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'feed-skip',
    workflowBundle: await workflowBundle(),
    activities,
  });
  await worker.runUntil(
    env.client.workflow.execute(partnerFeedWorkflow, {
      taskQueue: 'feed-skip',
      workflowId: 'partner-feed:p:c',
      args: [{ partnerId: 'p', caseId: 'c' }],
    }),
  );
  expect(dead).toEqual(['e1']);
  expect(attempts.every((a) => a.eventId === 'e1')).toBe(true); // e2 waits behind the dead e1
  const gaps = attempts.slice(1).map((a, i) => Math.round((a.at - attempts[i]!.at) / 1000));
  expect(gaps.slice(0, 4)).toEqual([30, 60, 120, 240]);
  expect(Math.max(...gaps)).toBe(3600);
  const window = attempts.at(-1)!.at - attempts[0]!.at;
  expect(window).toBeGreaterThan(22 * 3_600_000);
  expect(window).toBeLessThanOrEqual(24 * 3_600_000);
});

test('reads its next event locally, and by an ordinary activity when the local read keeps failing', async () => {
  const reads: boolean[] = [];
  const delivered: string[] = [];
  let failLocal = false;
  const pending = ['e1', 'e2'];
  const activities: PartnerFeedActivities = {
    async nextPartnerEvent() {
      const local = Context.current().info.isLocal;
      reads.push(local);
      if (local && failLocal) throw new Error('connection refused');
      const next = pending.find((id) => !delivered.includes(id));
      return next ? { id: next } : null;
    },
    async attemptPartnerDelivery({ eventId }): Promise<DeliveryAttempt> {
      delivered.push(eventId);
      return { outcome: 'delivered' };
    },
    async deadLetterPartnerEvent() {},
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'feed-local',
    workflowBundle: await workflowBundle(),
    activities,
  });
  const feed = (caseId: string) =>
    env.client.workflow.execute(partnerFeedWorkflow, {
      taskQueue: 'feed-local',
      workflowId: `partner-feed:p:${caseId}`,
      args: [{ partnerId: 'p', caseId }],
    });
  await worker.runUntil(async () => {
    await feed('healthy');
    expect([delivered, reads]).toEqual([
      ['e1', 'e2'],
      [true, true, true],
    ]);
    delivered.length = 0;
    reads.length = 0;
    failLocal = true;
    await feed('database-down');
  });
  // Three quick local attempts for each read, then the activity: both events still go out, in order.
  expect(delivered).toEqual(['e1', 'e2']);
  expect(reads).toEqual([true, true, true, false, true, true, true, false, true, true, true, false]);
});
