// Records partner feed histories for the replay test (test/workflow/replay.test.ts), as
// record-histories.ts does for cases: npx tsx test/support/record-feed-histories.ts <name>
// One feed delivers two events of a case; the first fails once and is retried after its backoff.
// `feed-activities` was recorded with the feed of commit 76fde50 (its reads as activities): never
// re-record it with today's code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryAttempt, PartnerFeedActivities } from '../../contract/partner-feed';
import { partnerFeedWorkflow } from '../../workflows/partner-feed.workflow';
import { historyToJson } from './histories';
import { timeSkippingEnvironment, workflowBundle } from './temporal';
import { Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('name the recording, e.g. feed-local-reads');
  const env = await timeSkippingEnvironment();
  const sent = new Set<string>();
  let failures = 0;
  const activities: PartnerFeedActivities = {
    async nextPartnerEvent() {
      const next = ['e1', 'e2'].find((id) => !sent.has(id));
      return next ? { id: next } : null;
    },
    async attemptPartnerDelivery({ eventId }): Promise<DeliveryAttempt> {
      if (eventId === 'e1' && failures++ === 0) return { outcome: 'retry', error: 'HTTP 503' };
      sent.add(eventId);
      return { outcome: 'delivered' };
    },
    async deadLetterPartnerEvent() {},
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'record-feed',
    workflowBundle: await workflowBundle(),
    activities,
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(partnerFeedWorkflow, {
      taskQueue: 'record-feed',
      workflowId: `partner-feed:p:${name}`,
      args: [{ partnerId: 'p', caseId: name }],
    });
    await handle.result();
    writeFileSync(
      join(__dirname, '..', 'fixtures', 'histories', `${name}.json`),
      historyToJson(await handle.fetchHistory()),
    );
    console.log(`recorded ${name}`);
  });
  await env.teardown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
