// The projection is written by a local activity inside the workflow task that moved the case
// (patched 'local-writes'): an update's answer arrives after its rows are written, without a
// task-queue round trip; and when the local write cannot succeed within its few seconds, the
// ordinary activity writes it instead, so nothing is lost. The messages a transition owes (its
// email, its partner update) travel in the same write (patched 'owed-messages'): no activity.
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { PartnerUpdate } from '../../contract/activities';
import type { ProjectionBatch } from '../../activities/projection';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { completeStepUpdate } from '../../contract/messages';
import { caseworker, miniCase } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, settled } from '../support/case-worker';

jest.setTimeout(120_000);

const EventType = temporal.api.enums.v1.EventType;

/** Which writes ran where: local or as an ordinary activity, per case, with the kinds of messages they owed. */
const ran: { caseId: string; activity: string; local: boolean; revision?: number; owed?: string[] }[] = [];
/** Cases whose local writes fail (a database that refuses for longer than a local write may take). */
const localFails = new Set<string>();

const recorder = recordingActivities();
const suite = caseWorkerSuite('local-writes', () => ({
  ...recorder.activities,
  async applyProjection(batch: ProjectionBatch) {
    const caseId = batch.case?.id ?? batch.events[0]!.caseId;
    const local = Context.current().info.isLocal;
    const owed = batch.owed?.map((m) => m.kind);
    ran.push({
      caseId,
      activity: 'applyProjection',
      local,
      revision: batch.case?.revision,
      ...(owed ? { owed } : {}),
    });
    if (local && localFails.has(caseId)) throw new Error('connection refused');
    return recorder.activities.applyProjection(batch);
  },
  async publishPartnerUpdate(update: PartnerUpdate) {
    const local = Context.current().info.isLocal;
    ran.push({ caseId: update.case.caseId, activity: 'publishPartnerUpdate', local });
    return recorder.activities.publishPartnerUpdate(update);
  },
}));

const assess = {
  step: 'assessment',
  outcome: 'assessed',
  data: { category: 'medical_needs' },
  actor: caseworker,
};

async function startCase(caseId: string): Promise<WorkflowHandle<typeof caseWorkflowV2>> {
  return suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'local-writes',
    workflowId: caseWorkflowId(caseId),
    args: [miniCase(caseId)],
  });
}

/** Waits (real time: local retries take seconds) until the case's projected steps are these. */
async function projectedSteps(caseId: string, steps: string[]): Promise<void> {
  const projected = () =>
    recorder.calls.flatMap((c) =>
      c.activity === 'applyProjection' && c.batch.case?.id === caseId ? [c.batch.case.currentStep] : [],
    );
  for (let waited = 0; waited < 60_000 && projected().length < steps.length; waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(projected()).toEqual(steps);
}

function eventTypes(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.map((e) => EventType[e.eventType ?? 0]!.replace('EVENT_TYPE_', ''));
}

it('answers a step completion once its rows are written, in the workflow task that moved the case', async () => {
  const handle = await startCase('local-1');
  await settled(handle);
  const before = (await handle.fetchHistory()).events!.length;
  const view = await handle.executeUpdate(completeStepUpdate, { args: [assess] });
  // The answer leaves with the workflow task, after the projection of that revision was written.
  expect(ran).toContainEqual({
    caseId: 'local-1',
    activity: 'applyProjection',
    local: true,
    revision: view.projectedRevision,
  });
  await settled(handle);
  const added = (await handle.fetchHistory()).events!.slice(before);
  const types = eventTypes(added);
  // One workflow task: the update, its rows written by a local activity (a marker), no task
  // queue round trip. Before, the projection alone added an activity and a second workflow task.
  // A quiet transition (caseWorkflowV2) keeps the armed timer and upserts no search attribute:
  // the step changed, but neither the status nor the program, country or priority.
  expect(types).toEqual([
    'WORKFLOW_TASK_SCHEDULED',
    'WORKFLOW_TASK_STARTED',
    'WORKFLOW_TASK_COMPLETED',
    'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
    'WORKFLOW_EXECUTION_UPDATE_COMPLETED',
    'MARKER_RECORDED',
  ]);
  // The start's projection was local too, and owed its email and the referring partner's update:
  // no activity was scheduled for them.
  const scheduled = (await handle.fetchHistory())
    .events!.slice(0, before)
    .flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  expect(scheduled).toEqual([]);
  expect(ran.filter((r) => r.caseId === 'local-1').map((r) => [r.activity, r.local, r.owed])).toEqual([
    ['applyProjection', true, ['email', 'partner']],
    ['applyProjection', true, undefined],
  ]);
});

it('writes through the ordinary activity when the local write keeps failing, and loses nothing', async () => {
  localFails.add('local-2');
  const handle = await startCase('local-2');
  await projectedSteps('local-2', ['assessment']);
  const view = await handle.executeUpdate(completeStepUpdate, { args: [assess] });
  await projectedSteps('local-2', ['assessment', 'review']);
  await settled(handle);
  const mine = ran.filter((r) => r.caseId === 'local-2');
  // Each write was tried locally (and retried briefly), then done once by the ordinary activity.
  expect(mine.filter((r) => r.local && r.activity === 'applyProjection').length).toBeGreaterThan(2);
  const ordinary = mine.filter((r) => !r.local);
  expect(ordinary.filter((r) => r.activity === 'applyProjection').map((r) => r.revision)).toEqual([
    expect.any(Number),
    view.projectedRevision,
  ]);
  // The start's messages were owed by the write that succeeded, the ordinary one.
  expect(ordinary[0]!.owed).toEqual(['email', 'partner']);
  expect(mine.filter((r) => r.activity === 'publishPartnerUpdate')).toEqual([]);
});
