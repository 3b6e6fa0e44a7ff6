// Reminders and case controls on the time-skipping server: exact counts at exact times,
// none while on hold, after completion or after close; hold/resume moves the due date;
// reassign redirects reminders; close from any step ends the workflow.
import type { WorkflowHandle } from '@temporalio/client';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import {
  caseStateQuery,
  closeUpdate,
  completeStepUpdate,
  holdUpdate,
  reassignUpdate,
  resumeUpdate,
  type StartCaseInput,
} from '../../contract/messages';
import {
  caseworker,
  DAY,
  miniCase,
  otherCaseworker,
  supervisor,
  waitingDefinition,
} from '../support/case-fixtures';
import {
  caseWorkerSuite,
  recordingActivities,
  sentMessages,
  settled,
  timeline,
} from '../support/case-worker';

jest.setTimeout(120_000);

const recorder = recordingActivities();
const d = (days: number) => Math.round(days * 1440);
const assessed = {
  step: 'assessment',
  outcome: 'assessed',
  data: { category: 'medical_needs' },
  actor: caseworker,
};

const suite = caseWorkerSuite('reminders', () => recorder.activities);

async function startCase(
  input: StartCaseInput,
): Promise<{ handle: WorkflowHandle<typeof caseWorkflowV2>; start: number }> {
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'reminders',
    workflowId: caseWorkflowId(input.caseId),
    args: [input],
  });
  await settled(handle);
  const view = await handle.query(caseStateQuery);
  return { handle, start: Date.parse(view.history[0]?.enteredAt ?? '') };
}

async function sleepDays(handle: WorkflowHandle, days: number): Promise<void> {
  await suite.env.sleep(days * DAY);
  await settled(handle);
}

it('reminds before, at and after due, escalates once, stops at the limit and after completion', async () => {
  const { handle, start } = await startCase(miniCase('rem-1'));
  await sleepDays(handle, 20);
  await handle.executeUpdate(completeStepUpdate, { args: [assessed] });
  await sleepDays(handle, 10);
  expect(timeline(recorder.calls, start, 'rem-1')).toEqual([
    [0, 'task_assigned', 'rem-1:v1:enter:notify0:1'],
    [d(4), 'reminder_before_due', 'rem-1:v1:before_due:soon:1'],
    [d(5), 'due_today', 'rem-1:v1:at_due:today:1'],
    [d(6), 'overdue', 'rem-1:v1:overdue:daily:1'],
    [d(7), 'escalation', 'rem-1:v1:escalate:supervisor:1'],
    [d(7), 'overdue', 'rem-1:v1:overdue:daily:2'],
    [d(8), 'overdue', 'rem-1:v1:overdue:daily:3'],
  ]);
  const reminderEvents = recorder.calls.flatMap((c) =>
    c.activity === 'applyProjection'
      ? c.batch.events.filter((e) => e.caseId === 'rem-1' && e.kind === 'reminder')
      : [],
  );
  expect(reminderEvents).toHaveLength(6);
});

it('escalates a 60-day wait after 30 days, counted from entering it, before the wait times out', async () => {
  const { handle, start } = await startCase(
    miniCase('wait-1', { definition: waitingDefinition, partners: [] }),
  );
  await sleepDays(handle, 61);
  expect(timeline(recorder.calls, start, 'wait-1')).toEqual([
    [d(30), 'escalation', 'wait-1:v1:escalate:escalate_to_supervisor:1'],
    [d(53), 'reminder_before_due', 'wait-1:v1:before_due:due_soon:1'],
  ]);
  expect((await handle.query(caseStateQuery)).history.map((h) => [h.step, h.outcome])).toEqual([
    ['decision', 'no_decision'],
    ['closed', undefined],
  ]);
});

it('sends nothing while on hold and moves the due date by the hold', async () => {
  const { handle, start } = await startCase(miniCase('hold-1'));
  const due = Date.parse((await handle.query(caseStateQuery)).dueAt ?? '');
  expect(due - start).toBe(5 * DAY);
  await sleepDays(handle, 3);
  await handle.executeUpdate(holdUpdate, { args: [{ reason: 'security screening', actor: supervisor }] });
  await sleepDays(handle, 10);
  const held = await handle.query(caseStateQuery);
  expect(held).toMatchObject({
    status: 'on_hold',
    holdReason: 'security screening',
    pendingReminders: [],
    overdue: false,
  });
  const resumed = await handle.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
  await settled(handle);
  const minutes = (iso: string | null) => Math.round((Date.parse(iso ?? '') - start) / 60_000);
  expect(minutes(resumed.dueAt)).toBe(d(15));
  expect(minutes(resumed.history[0]?.dueAt ?? null)).toBe(d(15));
  await sleepDays(handle, 10);
  expect(timeline(recorder.calls, start, 'hold-1')).toEqual([
    [0, 'task_assigned', 'hold-1:v1:enter:notify0:1'],
    [d(3), 'case_on_hold', 'hold-1:v1:hold:case:1'],
    [d(13), 'case_resumed', 'hold-1:v1:resume:case:2'],
    [d(14), 'reminder_before_due', 'hold-1:v1:before_due:soon:1'],
    [d(15), 'due_today', 'hold-1:v1:at_due:today:1'],
    [d(16), 'overdue', 'hold-1:v1:overdue:daily:1'],
    [d(17), 'escalation', 'hold-1:v1:escalate:supervisor:1'],
    [d(17), 'overdue', 'hold-1:v1:overdue:daily:2'],
    [d(18), 'overdue', 'hold-1:v1:overdue:daily:3'],
  ]);
  await handle.executeUpdate(closeUpdate, { args: [{ reason: 'withdrawn', actor: supervisor }] });
  await handle.result();
});

it('sends reminders to the new assignee after a reassign', async () => {
  const { handle } = await startCase(miniCase('reassign-1'));
  await sleepDays(handle, 4.5);
  const view = await handle.executeUpdate(reassignUpdate, {
    args: [{ assignee: otherCaseworker.id, actor: supervisor }],
  });
  expect(view.assignee).toBe(otherCaseworker.id);
  await sleepDays(handle, 1);
  const messages = sentMessages(recorder.calls)
    .filter((m) => m.key.startsWith('reassign-1:'))
    .map((m) => [m.kind, m.assignee]);
  expect(messages).toEqual([
    ['task_assigned', caseworker.id],
    ['reminder_before_due', caseworker.id],
    ['case_reassigned', otherCaseworker.id],
    ['due_today', otherCaseworker.id],
  ]);
  expect((await handle.query(caseStateQuery)).pendingReminders.every((r) => r.to !== caseworker.id)).toBe(
    true,
  );
  await handle.executeUpdate(closeUpdate, { args: [{ reason: 'duplicate', actor: supervisor }] });
  await handle.result();
});

it('closes from a wait step and from a held case, and nothing is sent afterwards', async () => {
  const waiting = await startCase(miniCase('close-1'));
  await waiting.handle.executeUpdate(completeStepUpdate, { args: [assessed] });
  await waiting.handle.executeUpdate(completeStepUpdate, {
    args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }],
  });
  const closing = await waiting.handle.executeUpdate(closeUpdate, {
    args: [{ reason: 'withdrawn', comment: 'moved away', actor: supervisor }],
  });
  expect(closing).toMatchObject({
    status: 'closed',
    closureReason: 'withdrawn',
    currentStep: 'decision',
    dueAt: null,
    pendingReminders: [],
  });
  expect(await waiting.handle.result()).toMatchObject({ status: 'closed' });

  const held = await startCase(miniCase('close-2'));
  await held.handle.executeUpdate(holdUpdate, { args: [{ reason: 'screening', actor: supervisor }] });
  await held.handle.executeUpdate(closeUpdate, { args: [{ reason: 'not_eligible', actor: supervisor }] });
  expect((await held.handle.result()).status).toBe('closed');

  const before = sentMessages(recorder.calls).filter((m) => m.key.startsWith('close-')).length;
  await suite.env.sleep(40 * DAY);
  expect(sentMessages(recorder.calls).filter((m) => m.key.startsWith('close-'))).toHaveLength(before);
  expect(timeline(recorder.calls, waiting.start, 'close-1').map(([, kind]) => kind)).toEqual([
    'task_assigned',
    'case_closed',
  ]);
});
