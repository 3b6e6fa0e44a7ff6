// Records the history of a case stuck by issue 10's defect: a partner event whose outcome is
// "constructor" passed an `in` check, and every workflow task of the case failed from then on.
// It was recorded once, with the interpreter before the fix (commit 3ff4539):
//   git worktree add /tmp/old 3ff4539 && (cd /tmp/old && npx tsx test/support/record-stuck-history.ts)
// With the fixed interpreter the same steps no longer get stuck, so re-recording it now would
// not give a stuck history. The replay test proves the fixed worker replays it, and
// test/workflow/stuck-recovery.test.ts that such a case continues.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { caseWorkflow } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { completeStepUpdate, externalEventSignal } from '../../contract/messages';
import { caseworker, miniCase, supervisor } from './case-fixtures';
import { caseWorker, recordingActivities, registerCaseSearchAttributes } from './case-worker';
import { historyToJson } from './histories';
import { timeSkippingEnvironment } from './temporal';

const OUT = join(__dirname, '..', 'fixtures', 'histories', 'stuck-constructor-event.json');
const EventType = temporal.api.enums.v1.EventType;

async function main(): Promise<void> {
  const env = await timeSkippingEnvironment();
  await registerCaseSearchAttributes(env);
  const worker = await caseWorker(env, 'record-stuck', recordingActivities().activities);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(caseWorkflow, {
      taskQueue: 'record-stuck',
      workflowId: caseWorkflowId('stuck-1'),
      args: [miniCase('stuck-1')],
    });
    await handle.executeUpdate(completeStepUpdate, {
      args: [
        { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
      ],
    });
    await handle.executeUpdate(completeStepUpdate, {
      args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }],
    });
    await handle.signal(externalEventSignal, {
      event: 'state_decision',
      outcome: 'constructor',
      data: {},
      eventId: 'hostile-1',
    });
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const events = (await handle.fetchHistory()).events ?? [];
      if (events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)) {
        writeFileSync(OUT, historyToJson(await handle.fetchHistory()));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the case did not get stuck: is this the interpreter before the fix?');
  });
  await env.teardown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
