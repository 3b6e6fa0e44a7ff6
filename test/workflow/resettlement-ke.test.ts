// The full resettlement path in Kenya, from identification to the 12-month follow-up, on the
// time-skipping server: every message and partner update at its simulated time.
import type { WorkflowHandle } from '@temporalio/client';
import { addDuration } from '../../definitions/duration';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import {
  caseStateQuery,
  completeStepUpdate,
  externalEventSignal,
  type Actor,
  type CompleteStepInput,
} from '../../contract/messages';
import { caseWorkerSuite, recordingActivities, settled, timeline } from '../support/case-worker';

jest.setTimeout(120_000);

const kenya = loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement.ke')?.definition;
const caseworker: Actor = { id: 'wanjiku@pathways.test', roles: ['caseworker'] };
const supervisor: Actor = { id: 'otieno@pathways.test', roles: ['supervisor'] };
const security: Actor = { id: 'kamau@pathways.test', roles: ['security_officer'] };
const officer: Actor = { id: 'achieng@pathways.test', roles: ['resettlement_officer'] };
const iom: Actor = { id: 'mwangi@pathways.test', roles: ['iom_officer'] };
const MIN_PER_DAY = 1440;
const d = (days: number) => Math.round(days * MIN_PER_DAY);

const recorder = recordingActivities();

const suite = caseWorkerSuite('resettlement-ke', () => recorder.activities);

async function complete(
  handle: WorkflowHandle,
  step: string,
  outcome: string,
  actor: Actor,
  data: CompleteStepInput['data'] = {},
) {
  const view = await handle.executeUpdate(completeStepUpdate, { args: [{ step, outcome, actor, data }] });
  await settled(handle);
  return view;
}

async function sleepDays(handle: WorkflowHandle, days: number) {
  await suite.env.sleep(days * 86_400_000);
  await settled(handle);
}

it('walks a normal-priority Kenyan case from referral to the 12-month follow-up', async () => {
  if (!kenya) throw new Error('definitions/samples has no resettlement.ke');
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'resettlement-ke',
    workflowId: caseWorkflowId('ke-1'),
    args: [
      {
        caseId: 'ke-1',
        reference: 'KE-2026-0001',
        definition: kenya,
        definitionVersion: 3,
        priority: 'normal',
        assignee: caseworker.id,
        partners: [
          { partnerId: 'hias-ke', role: 'referring' },
          { partnerId: 'iom-ke', role: 'service' },
        ],
        startedBy: 'intake@pathways.test',
      },
    ],
  });
  await settled(handle);
  const start = Date.parse((await handle.query(caseStateQuery)).history[0]?.enteredAt ?? '');

  await sleepDays(handle, 13.5); // identification due at day 14: reminded at day 13
  await complete(handle, 'identification', 'referred', caseworker, { referral_source: 'protection' });
  await complete(handle, 'registration_check', 'confirmed', caseworker, {
    case_size: 4,
    dependants_confirmed: true,
  });
  await complete(handle, 'needs_assessment', 'resettlement_needed', caseworker, {
    submission_category: 'medical_needs',
    priority: 'normal',
  });
  await sleepDays(handle, 33.6); // interview due at day 43.5; overdue daily; escalated at day 46.5
  await complete(handle, 'interview', 'completed', caseworker, {
    interview_date: '2026-04-20',
    interpreter_used: true,
  });
  await complete(handle, 'rrf', 'ready_for_review', caseworker);
  await complete(handle, 'supervisor_approval', 'approved', supervisor);
  await complete(handle, 'security_screening', 'cleared', security);
  await complete(handle, 'submission', 'submitted', officer, {
    resettlement_state: 'Canada',
    submission_date: '2026-04-25',
  });
  await sleepDays(handle, 60);
  await handle.signal(externalEventSignal, {
    event: 'state_decision',
    outcome: 'accepted',
    data: {},
    eventId: 'ca-decision-77',
  });
  await settled(handle);
  await complete(handle, 'health_assessment', 'fit_to_travel', iom, { fit_to_travel: true });
  await complete(handle, 'pre_departure_orientation', 'completed', iom);
  await handle.signal(externalEventSignal, {
    event: 'travel_documents_issued',
    outcome: 'issued',
    data: {},
    eventId: 'exit-permit-5',
  });
  await settled(handle);
  const departed = await complete(handle, 'departure', 'departed', iom, { departure_date: '2026-07-01' });
  const departedAt = Date.parse(departed.history[12]?.leftAt ?? '');
  await sleepDays(handle, 100);
  const followUp3 = Date.parse((await handle.query(caseStateQuery)).history[14]?.enteredAt ?? '');
  await complete(handle, 'follow_up_3_months', 'done', caseworker);
  await sleepDays(handle, 100);
  await complete(handle, 'follow_up_6_months', 'done', caseworker);
  await sleepDays(handle, 190);
  const followUp12 = Date.parse((await handle.query(caseStateQuery)).history[18]?.enteredAt ?? '');
  const final = await complete(handle, 'follow_up_12_months', 'done', caseworker);
  const result = await handle.result();

  expect(final).toMatchObject({
    status: 'closed',
    closureReason: 'resettled',
    currentStep: 'closed_resettled',
  });
  expect(result.history.map((h) => [h.visit, h.step, h.outcome ?? null])).toEqual([
    [1, 'identification', 'referred'],
    [2, 'registration_check', 'confirmed'],
    [3, 'needs_assessment', 'resettlement_needed'],
    [4, 'interview', 'completed'],
    [5, 'rrf', 'ready_for_review'],
    [6, 'supervisor_approval', 'approved'],
    [7, 'security_screening', 'cleared'],
    [8, 'submission', 'submitted'],
    [9, 'state_decision', 'accepted'],
    [10, 'health_assessment', 'fit_to_travel'],
    [11, 'pre_departure_orientation', 'completed'],
    [12, 'travel_documents', 'issued'],
    [13, 'departure', 'departed'],
    [14, 'wait_3_months', 'elapsed'],
    [15, 'follow_up_3_months', 'done'],
    [16, 'wait_6_months', 'elapsed'],
    [17, 'follow_up_6_months', 'done'],
    [18, 'wait_12_months', 'elapsed'],
    [19, 'follow_up_12_months', 'done'],
    [20, 'closed_resettled', null],
  ]);
  // The timers end three, three and six calendar months later in Nairobi time.
  const minute = (ms: number) => Math.round((ms - start) / 60_000);
  expect(minute(followUp3)).toBe(
    minute(addDuration(new Date(departedAt), 'P3M', 'Africa/Nairobi').getTime()),
  );
  const t3 = minute(followUp3);
  const t12 = minute(followUp12);
  const t6 = minute(Date.parse(result.history[16]?.enteredAt ?? ''));
  const k = (visit: number, rest: string) => `ke-1:v${visit}:${rest}`;
  expect(timeline(recorder.calls, start)).toEqual(
    [
      [0, 'partner_update', k(1, 'enter:notify1:1')],
      [0, 'task_assigned', k(1, 'enter:notify0:1')],
      [d(13), 'reminder_before_due', k(1, 'before_due:due_soon:1')],
      [d(13.5), 'task_assigned', k(2, 'enter:notify0:1')],
      [d(13.5), 'task_assigned', k(3, 'enter:notify0:1')],
      [d(13.5), 'partner_update', k(3, 'enter:notify1:1')],
      [d(13.5), 'task_assigned', k(4, 'enter:notify0:1')],
      [d(13.5), 'partner_update', k(4, 'enter:notify1:1')],
      [d(42.5), 'reminder_before_due', k(4, 'before_due:due_soon:1')],
      [d(43.5), 'due_today', k(4, 'at_due:due_today:1')],
      [d(44.5), 'overdue', k(4, 'overdue:overdue_daily:1')],
      [d(45.5), 'overdue', k(4, 'overdue:overdue_daily:2')],
      [d(46.5), 'escalation', k(4, 'escalate:escalate_to_supervisor:1')],
      [d(46.5), 'overdue', k(4, 'overdue:overdue_daily:3')],
      [d(47.1), 'task_assigned', k(5, 'enter:notify0:1')],
      [d(47.1), 'partner_update', k(5, 'outcome:notify1:1')],
      [d(47.1), 'task_assigned', k(6, 'enter:notify0:1')],
      [d(47.1), 'case_on_hold', k(7, 'enter:notify1:1')],
      [d(47.1), 'task_assigned', k(7, 'enter:notify0:1')],
      [d(47.1), 'case_resumed', k(7, 'outcome:notify2:1')],
      [d(47.1), 'task_assigned', k(8, 'enter:notify0:1')],
      [d(47.1), 'partner_update', k(8, 'enter:notify1:1')],
      // The State's decision has waited 9 days (counted from entering the wait): the supervisor is told.
      [d(56.1), 'escalation', k(9, 'escalate:escalate_to_supervisor:1')],
      [d(107.1), 'partner_update', k(9, 'outcome:notify0:1')],
      [d(107.1), 'task_assigned', k(10, 'enter:notify0:1')],
      [d(107.1), 'partner_update', k(10, 'enter:notify1:1')],
      [d(107.1), 'task_assigned', k(11, 'enter:notify0:1')],
      [d(107.1), 'task_assigned', k(13, 'enter:notify0:1')],
      [d(107.1), 'partner_update', k(13, 'outcome:notify1:1')],
      [t3, 'task_assigned', k(15, 'enter:notify0:1')],
      [t6, 'task_assigned', k(17, 'enter:notify0:1')],
      [t12, 'task_assigned', k(19, 'enter:notify0:1')],
      [d(497.1), 'case_closed', k(20, 'enter:notify0:1')],
    ].sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[2]).localeCompare(String(b[2]))),
  );
  const partnerUpdates = recorder.calls.flatMap((c) =>
    c.activity === 'publishPartnerUpdate' ? [[c.update.eventKey, c.update.event, c.update.status]] : [],
  );
  expect(partnerUpdates).toEqual([
    ['ke-1:v1:entered', 'step_entered', 'Referral received'],
    ['ke-1:v3:entered', 'step_entered', 'Resettlement needs being assessed'],
    ['ke-1:v4:entered', 'step_entered', 'Interview scheduled'],
    ['ke-1:v5:entered', 'step_entered', 'Registration form being prepared'],
    ['ke-1:v7:entered', 'step_entered', 'On hold (screening)'],
    ['ke-1:v8:entered', 'step_entered', 'Submitted for resettlement'],
    ['ke-1:v9:entered', 'step_entered', "Awaiting the resettlement State's decision"],
    ['ke-1:v10:entered', 'step_entered', 'Health assessment'],
    ['ke-1:v11:entered', 'step_entered', 'Pre-departure orientation'],
    ['ke-1:v12:entered', 'step_entered', 'Travel documents being issued'],
    ['ke-1:v13:entered', 'step_entered', 'Departure'],
    ['ke-1:v20:entered', 'case_closed', 'Closed'],
  ]);
  const closed = recorder.calls.flatMap((c) =>
    c.activity === 'publishPartnerUpdate' && c.update.event === 'case_closed' ? [c.update] : [],
  );
  expect(closed.map((u) => [u.closure, u.lastStatus])).toEqual([
    [{ reason: 'resettled', description: 'Resettled' }, expect.any(String)],
  ]);
});
