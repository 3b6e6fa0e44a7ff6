// The current case workflow type, caseWorkflowV2 (versioning by workflow type): it must do what
// the first type, caseWorkflow, does for a case started today (the same messages at the same
// minutes, the same end), with a quieter history: no patch markers, one timer that only moves
// earlier, and search attributes written only when the status, program, country or priority change.
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { caseWorkflow, caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import {
  caseStateQuery,
  completeStepUpdate,
  externalEventSignal,
  holdUpdate,
  resumeUpdate,
} from '../../contract/messages';
import {
  CaseCountryKey,
  CaseDueAtKey,
  CasePriorityKey,
  CaseProgramKey,
  CaseStatusKey,
  CaseStepKey,
} from '../../contract/search-attributes';
import { caseworker, DAY, miniCase, supervisor } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, settled, timeline } from '../support/case-worker';

jest.setTimeout(180_000);

const EventType = temporal.api.enums.v1.EventType;
const recorder = recordingActivities();
const suite = caseWorkerSuite('current-type', () => recorder.activities);

const assess = {
  step: 'assessment',
  outcome: 'assessed',
  data: { category: 'medical_needs' },
  actor: caseworker,
};
const review = (outcome: string) => ({ step: 'review', outcome, data: {}, actor: supervisor });

async function start(
  type: typeof caseWorkflow,
  caseId: string,
): Promise<WorkflowHandle<typeof caseWorkflow>> {
  const handle = await suite.env.client.workflow.start(type, {
    taskQueue: 'current-type',
    workflowId: caseWorkflowId(caseId),
    args: [miniCase(caseId)],
  });
  await settled(handle);
  return handle;
}

const eventsOf = async (handle: WorkflowHandle): Promise<temporal.api.history.v1.IHistoryEvent[]> =>
  (await handle.fetchHistory()).events ?? [];
const named = (events: temporal.api.history.v1.IHistoryEvent[], type: number) =>
  events.filter((e) => e.eventType === type);

/** Does the same thing to each case, then lets them settle. */
async function both(handles: WorkflowHandle[], act: (h: WorkflowHandle) => Promise<unknown>): Promise<void> {
  for (const handle of handles) await act(handle);
  for (const handle of handles) await settled(handle);
}

async function sleepDays(handles: WorkflowHandle[], days: number): Promise<void> {
  await suite.env.sleep(days * DAY);
  for (const handle of handles) await settled(handle);
}

test('a case on the current type sends what the first type sends, at the same minutes, and ends the same', async () => {
  const first = await start(caseWorkflow, 'v1-walk');
  const current = await start(caseWorkflowV2, 'v2-walk');
  const cases = [first, current];
  const started = await suite.env.currentTimeMs();
  // Assessment (reminders from day 4, escalation on day 7) is done late; the review returns it;
  // it is done late again; then approval, a State decision after a while, the travel timer, arrival.
  await sleepDays(cases, 2);
  await both(cases, (h) => h.executeUpdate(completeStepUpdate, { args: [assess] }));
  await sleepDays(cases, 1);
  await both(cases, (h) => h.executeUpdate(completeStepUpdate, { args: [review('returned')] }));
  await sleepDays(cases, 8);
  await both(cases, (h) =>
    h.executeUpdate(holdUpdate, { args: [{ reason: 'medical check', actor: supervisor }] }),
  );
  await sleepDays(cases, 2);
  await both(cases, (h) => h.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] }));
  await both(cases, (h) => h.executeUpdate(completeStepUpdate, { args: [assess] }));
  await both(cases, (h) => h.executeUpdate(completeStepUpdate, { args: [review('approved')] }));
  // Long enough for the assessment's old timer to have rung: the decision's 30-day timeout is armed, and
  // the travel window (7 days) must move it earlier.
  await sleepDays(cases, 5);
  await both(cases, (h) =>
    h.signal(externalEventSignal, {
      event: 'state_decision',
      outcome: 'accepted',
      data: {},
      eventId: `sd-${h.workflowId}`,
    }),
  );
  await sleepDays(cases, 8);
  const firstEnd = await first.result();
  const currentEnd = await current.result();

  const sent = (caseId: string) =>
    timeline(recorder.calls, started, caseId).map(([minute, kind, key]) => [
      minute,
      kind,
      key.slice(caseId.length),
    ]);
  // Reminders (before due, at due, overdue, the supervisor's escalation), the return notice, the
  // partner's updates: the walk sends many, and the two types send the same ones at the same minutes.
  expect(sent('v2-walk').length).toBeGreaterThan(8);
  expect(sent('v2-walk')).toEqual(sent('v1-walk'));
  // Each step, its outcome and the minute it was entered: a timer that rang late would show here.
  const steps = (view: typeof firstEnd) =>
    view.history.map((h) => [
      h.step,
      h.outcome ?? null,
      Math.round((Date.parse(h.enteredAt) - started) / 60_000),
    ]);
  expect(currentEnd.currentStep).toBe('arrived');
  expect(steps(currentEnd)).toEqual(steps(firstEnd));

  // The current type's history is the shorter: no patch markers, fewer timers and upserts.
  const firstEvents = await eventsOf(first);
  const currentEvents = await eventsOf(current);
  const patchMarkers = (events: typeof firstEvents) =>
    events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
  expect(patchMarkers(firstEvents).length).toBeGreaterThan(0);
  expect(patchMarkers(currentEvents)).toEqual([]);
  for (const type of [
    EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
    EventType.EVENT_TYPE_TIMER_CANCELED,
  ])
    expect(named(currentEvents, type).length).toBeLessThan(named(firstEvents, type).length);
  expect(currentEvents.length).toBeLessThan(firstEvents.length);
});

test('a step completion on the current type starts no timer and writes no search attribute', async () => {
  const handle = await start(caseWorkflowV2, 'v2-quiet');
  const before = (await eventsOf(handle)).length;
  // Back and forth between assessment (which has reminders) and review (which has none).
  for (let round = 0; round < 2; round += 1) {
    await handle.executeUpdate(completeStepUpdate, { args: [assess] });
    await handle.executeUpdate(completeStepUpdate, { args: [review('returned')] });
  }
  await settled(handle);
  const added = (await eventsOf(handle)).slice(before);
  expect(
    added.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
  ).toHaveLength(4);
  expect(
    added.filter((e) =>
      [
        EventType.EVENT_TYPE_TIMER_STARTED,
        EventType.EVENT_TYPE_TIMER_CANCELED,
        EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
      ].includes(e.eventType ?? 0),
    ),
  ).toEqual([]);
  // Its first reminder still comes on time: the day before the assessment's new due date.
  const view = await handle.query(caseStateQuery);
  const reminderAt = Date.parse(view.dueAt ?? '') - DAY;
  const sentBefore = timeline(recorder.calls, 0, 'v2-quiet').length;
  await suite.env.sleep(reminderAt - (await suite.env.currentTimeMs()) - 60_000);
  await settled(handle);
  expect(timeline(recorder.calls, 0, 'v2-quiet')).toHaveLength(sentBefore);
  await suite.env.sleep(2 * 60_000);
  await settled(handle);
  const reminders = timeline(recorder.calls, reminderAt, 'v2-quiet').slice(sentBefore);
  expect(reminders.map(([minute, kind]) => [minute, kind])).toEqual([[0, 'reminder_before_due']]);
  await handle.terminate('test done');
});

test('the current type keeps only the search attributes that seldom change, and upserts them when they do', async () => {
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'current-type',
    workflowId: caseWorkflowId('v2-attributes'),
    args: [miniCase('v2-attributes', { priority: 'urgent' })],
  });
  await settled(handle);
  const attributes = async () => (await handle.describe()).typedSearchAttributes;
  const opened = await attributes();
  expect([CaseStatusKey, CaseProgramKey, CaseCountryKey, CasePriorityKey].map((k) => opened.get(k))).toEqual([
    'open',
    'resettlement',
    'KE',
    'urgent',
  ]);
  expect([opened.get(CaseStepKey), opened.get(CaseDueAtKey)]).toEqual([undefined, undefined]);
  const upserts = async () =>
    named(await eventsOf(handle), EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).length;
  const afterStart = await upserts();
  await handle.executeUpdate(holdUpdate, { args: [{ reason: 'medical check', actor: supervisor }] });
  await settled(handle);
  expect((await attributes()).get(CaseStatusKey)).toBe('on_hold');
  expect(await upserts()).toBe(afterStart + 1);
  await handle.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
  await settled(handle);
  expect((await attributes()).get(CaseStatusKey)).toBe('open');
  expect(await upserts()).toBe(afterStart + 2);
  await handle.terminate('test done');
});
