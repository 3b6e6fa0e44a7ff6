// Issue 10, item 1: cases already stuck by a partner event with the outcome "constructor" must
// recover once the fixed worker runs. A first worker behaves as the old interpreter did (its
// workflow task fails on the event, again and again); then the fixed worker takes over the
// same case: it replays the event as ignored, answers reads, and the case goes on.
// (test/workflow/replay.test.ts replays the history recorded with the real old interpreter.)
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/temporal-binaries';
import { caseWorkflow } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery, completeStepUpdate, externalEventSignal } from '../../contract/messages';
import { caseworker, DAY, miniCase, supervisor } from '../support/case-fixtures';
import {
  caseWorker,
  recordingActivities,
  registerCaseSearchAttributes,
  settled,
} from '../support/case-worker';
import { timeSkippingEnvironment } from '../support/temporal';

jest.setTimeout(120_000);

const EventType = temporal.api.enums.v1.EventType;
const QUEUE = 'stuck-recovery';
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnvironment();
  await registerCaseSearchAttributes(env);
});
afterAll(async () => env?.teardown());

async function failedTasks(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
    .map((e) => e.workflowTaskFailedEventAttributes?.failure?.message ?? '');
}

it('a case stuck by a "constructor" partner event becomes readable and continues under the fixed worker', async () => {
  const recorder = recordingActivities();
  const oldBundle = await bundleWorkflowCode({
    workflowsPath: join(PROJECT_ROOT, 'workflows', 'index.ts'),
    workflowInterceptorModules: [join(PROJECT_ROOT, 'test', 'support', 'old-event-interpreter.ts')],
    logger: {
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      log: () => undefined,
    },
  });
  const oldWorker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: QUEUE,
    activities: recorder.activities,
    workflowBundle: oldBundle,
    maxCachedWorkflows: 0,
  });
  const handle = await env.client.workflow.start(caseWorkflow, {
    taskQueue: QUEUE,
    workflowId: caseWorkflowId('stuck-r1'),
    args: [miniCase('stuck-r1')],
  });
  await oldWorker.runUntil(async () => {
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
    for (let i = 0; i < 100 && (await failedTasks(handle)).length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 100));
  });
  const failures = await failedTasks(handle);
  expect(failures.length).toBeGreaterThan(0);
  for (const failure of failures) expect(failure).toContain('has no step "function Object()');

  const worker = await caseWorker(env, QUEUE, recorder.activities);
  await worker.runUntil(async () => {
    expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'open', currentStep: 'decision' });
    await settled(handle);
    const ignored = recorder.calls
      .flatMap((c) => (c.activity === 'applyProjection' ? c.batch.events : []))
      .filter((e) => e.kind === 'external_event_ignored');
    expect(ignored.map((e) => e.detail)).toEqual([
      { event: 'state_decision', reason: 'unknown_outcome_constructor' },
    ]);
    await handle.signal(externalEventSignal, {
      event: 'state_decision',
      outcome: 'accepted',
      data: {},
      eventId: 'real-1',
    });
    await env.sleep(8 * DAY);
    expect(await handle.result()).toMatchObject({ status: 'closed', currentStep: 'arrived' });
  });
});
