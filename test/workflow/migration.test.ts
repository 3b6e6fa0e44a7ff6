// Moving running cases on the time-skipping server: the dry run (a query) and the move (an
// update) of an overdue case with reminders already sent, a case on hold, and a case waiting
// at an approval whose role is gone (its validator refuses), and a run that continued as new;
// moving twice changes nothing.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery, completeStepUpdate, holdUpdate, resumeUpdate } from '../../contract/messages';
import { moveCaseUpdate, movePreviewQuery } from '../../contract/migration';
import { caseworker, DAY, miniCase, supervisor } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, settled, timeline } from '../support/case-worker';
import { miniPlan, moveInput } from '../support/migration-fixtures';
import { startCase, tick } from '../../workflows/machine';

jest.setTimeout(120_000);

const recorder = recordingActivities();
const suite = caseWorkerSuite('migration', () => recorder.activities);
const d = (days: number) => Math.round(days * 1440);

async function started(
  caseId: string,
): Promise<{ handle: WorkflowHandle<typeof caseWorkflowV2>; start: number }> {
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'migration',
    workflowId: caseWorkflowId(caseId),
    args: [miniCase(caseId)],
  });
  await settled(handle);
  return { handle, start: Date.parse((await handle.query(caseStateQuery)).history[0]?.enteredAt ?? '') };
}

it('moves an overdue case: the reminders already sent are not sent again, the new ones follow the new deadline', async () => {
  const { handle, start } = await started('mig-overdue');
  await suite.env.sleep(6 * DAY + 60_000);
  await settled(handle);
  const input = moveInput(miniPlan({ dueDates: 'from_entry' }));
  const preview = await handle.query(movePreviewQuery, input);
  expect(preview).toMatchObject({
    movable: true,
    toStep: 'needs_assessment',
    dueAt: new Date(start + 3 * DAY).toISOString(),
    remindersAtOnce: [{ rule: 'early' }, { rule: 'daily' }],
  });
  const view = await handle.executeUpdate(moveCaseUpdate, { args: [input] });
  expect(view).toMatchObject({ definitionVersion: 2, currentStep: 'needs_assessment', visit: 1 });
  await settled(handle);
  await suite.env.sleep(3 * DAY);
  await settled(handle);
  expect(timeline(recorder.calls, start, 'mig-overdue')).toEqual([
    [0, 'task_assigned', 'mig-overdue:v1:enter:notify0:1'],
    [d(4), 'reminder_before_due', 'mig-overdue:v1:before_due:soon:1'],
    [d(5), 'due_today', 'mig-overdue:v1:at_due:today:1'],
    [d(6), 'overdue', 'mig-overdue:v1:overdue:daily:1'],
    // Moved at day 6: the early escalation (day 4 on the new clock) and the latest overdue go at once.
    [d(6) + 1, 'escalation', 'mig-overdue:v1:escalate:early:1'],
    [d(6) + 1, 'overdue', 'mig-overdue:v1:overdue:daily:3'],
  ]);
  const moves = recorder.calls.flatMap((c) =>
    c.activity === 'applyProjection'
      ? c.batch.events.filter((e) => e.caseId === 'mig-overdue' && e.kind === 'case_moved')
      : [],
  );
  expect(moves).toHaveLength(1);
  // The same move again is accepted and changes nothing.
  expect(await handle.executeUpdate(moveCaseUpdate, { args: [input] })).toMatchObject({
    definitionVersion: 2,
    currentStep: 'needs_assessment',
  });
  // The case goes on under version 2: completing the renamed step leads to the protection officer's review.
  const next = await handle.executeUpdate(completeStepUpdate, {
    args: [
      {
        step: 'needs_assessment',
        outcome: 'assessed',
        data: { category: 'medical_needs' },
        actor: caseworker,
      },
    ],
  });
  expect(next).toMatchObject({ currentStep: 'review', definitionVersion: 2 });
});

it('moves a case on hold and keeps it on hold; its clock counts from the move once resumed', async () => {
  const { handle, start } = await started('mig-held');
  await handle.executeUpdate(holdUpdate, { args: [{ reason: 'screening', actor: supervisor }] });
  await suite.env.sleep(DAY);
  const view = await handle.executeUpdate(moveCaseUpdate, {
    args: [moveInput(miniPlan({ dueDates: 'from_now' }))],
  });
  expect(view).toMatchObject({ status: 'on_hold', currentStep: 'needs_assessment', definitionVersion: 2 });
  await suite.env.sleep(DAY);
  const resumed = await handle.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
  // Moved a day after entry, resumed a day later: due three days after the resume.
  expect(Math.round((Date.parse(resumed.dueAt ?? '') - start) / 60_000)).toBe(d(5));
});

it('refuses to move a case waiting at an approval whose approver role is gone, and leaves it as it was', async () => {
  const { handle } = await started('mig-approval');
  await handle.executeUpdate(completeStepUpdate, {
    args: [
      { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
    ],
  });
  expect(await handle.query(movePreviewQuery, moveInput())).toMatchObject({
    movable: false,
    reason: 'approver_role_removed',
  });
  const refused = await handle
    .executeUpdate(moveCaseUpdate, { args: [moveInput()] })
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(
    /^not_movable: approver_role_removed/,
  );
  expect(await handle.query(caseStateQuery)).toMatchObject({ currentStep: 'review', definitionVersion: 1 });
});

it('moves a case that continued as new (its run starts from the carried state): nothing already sent is sent again', async () => {
  // A run after continue-as-new starts from the state the last run carried: here 5 days into the assessment, reminders sent.
  const now = await suite.env.currentTimeMs();
  const input = miniCase('mig-carried');
  let state = startCase(input, caseWorkflowId('mig-carried'), now - 5 * DAY).state;
  state = tick(tick(state, now - DAY).state, now).state;
  expect(state.current?.sent).toEqual({ soon: 1, today: 1 });
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'migration',
    workflowId: caseWorkflowId('mig-carried'),
    args: [input, { state, outbox: [] }],
  });
  await settled(handle);
  const view = await handle.executeUpdate(moveCaseUpdate, {
    args: [moveInput(miniPlan({ dueDates: 'keep' }))],
  });
  expect(view).toMatchObject({ definitionVersion: 2, currentStep: 'needs_assessment', visit: 1 });
  await settled(handle);
  await suite.env.sleep(DAY + 60_000);
  await settled(handle);
  // Kept due date (day 5): the first overdue reminder at day 6; the early escalation (day 6) too; nothing resent.
  const sent = timeline(recorder.calls, now - 5 * DAY, 'mig-carried').map(
    ([, kind, key]) => `${kind} ${key}`,
  );
  expect(sent).toEqual([
    'escalation mig-carried:v1:escalate:early:1',
    'overdue mig-carried:v1:overdue:daily:1',
  ]);
});
