// The partner feed on the time-skipping server with the production policy: a partner that keeps
// failing is retried with growing intervals for 24 hours, then dead-lettered; later events wait.
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
