// Every rule of the update validators, on a live workflow: each request is rejected with a
// message naming the rule, and the workflow writes nothing to its history.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import type { CaseView } from '../../contract/case-view';
import {
  caseStateQuery,
  closeUpdate,
  completeStepUpdate,
  holdUpdate,
  reassignUpdate,
  resumeUpdate,
} from '../../contract/messages';
import { caseworker, doubleHatted, miniCase, supervisor } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, settled } from '../support/case-worker';

jest.setTimeout(120_000);

const EventType = temporal.api.enums.v1.EventType;

let handle: WorkflowHandle<typeof caseWorkflowV2>;
const recorder = recordingActivities();
const assessed = {
  step: 'assessment',
  outcome: 'assessed',
  data: { category: 'medical_needs' },
  actor: caseworker,
};

const suite = caseWorkerSuite('validators', () => recorder.activities);

beforeAll(async () => {
  handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'validators',
    workflowId: caseWorkflowId('val-1'),
    args: [miniCase('val-1')],
  });
  await settled(handle);
});

// The time-skipping (Java) test server sometimes persists the workflow task that carried a
// rejected update, where the real server drops it (speculative task). Such bookkeeping is not
// the workflow writing anything; the strict "not one event" check runs on the dev server in
// test/integration/case-workflow.test.ts.
const WORKFLOW_TASK_BOOKKEEPING = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);

/** Sends a request that must be rejected; returns the message, asserting the workflow wrote nothing. */
async function rejected(request: Promise<CaseView>): Promise<string> {
  const before = await settled(handle);
  const error = await request.catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const written = ((await handle.fetchHistory()).events ?? [])
    .slice(before)
    .filter((e) => !WORKFLOW_TASK_BOOKKEEPING.has(e.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED));
  expect(written.map((e) => EventType[e.eventType ?? 0])).toEqual([]);
  return (error as WorkflowUpdateFailedError).cause?.message ?? '';
}

const complete = (change: object) =>
  handle.executeUpdate(completeStepUpdate, { args: [{ ...assessed, ...change }] });

describe('completing a step', () => {
  it.each([
    ['invalid_input', { actor: { id: '', roles: [] } }, /^invalid_input: actor\.id: /],
    ['wrong_step', { step: 'review' }, /^wrong_step: the case is on step "assessment", not "review"$/],
    ['unknown_outcome', { outcome: 'approved' }, /^unknown_outcome: /],
    ['missing_field', { data: {} }, /^missing_field: step "assessment" requires the field "category"$/],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', dependants: 'two' } },
      /^mistyped_field: field "dependants"/,
    ],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', interviewDate: '2026-02-30' } },
      /^mistyped_field: field "interviewDate" of step "assessment" must be a real calendar date/,
    ],
    ['unknown_field', { data: { category: 'medical_needs', phone: '+254700000000' } }, /^unknown_field: /],
    ['not_owner', { actor: supervisor }, /^not_owner: step "assessment" is owned by the role "caseworker"$/],
  ])('rejects %s without writing history', async (_rule, change, message) => {
    expect(await rejected(complete(change))).toMatch(message);
  });

  it('rejects four_eyes on the approval, and a person completing a wait step without owner', async () => {
    await handle.executeUpdate(completeStepUpdate, { args: [{ ...assessed, actor: doubleHatted }] });
    expect(
      await rejected(
        handle.executeUpdate(completeStepUpdate, {
          args: [{ step: 'review', outcome: 'approved', data: {}, actor: doubleHatted }],
        }),
      ),
    ).toMatch(/^four_eyes: /);
    await handle.executeUpdate(completeStepUpdate, {
      args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }],
    });
    expect(
      await rejected(
        handle.executeUpdate(completeStepUpdate, {
          args: [{ step: 'decision', outcome: 'accepted', data: {}, actor: supervisor }],
        }),
      ),
    ).toMatch(
      /^step_not_completable: step "decision" completes only by its external event "state_decision"$/,
    );
  });
});

describe('starting', () => {
  it('refuses to start the same case twice', async () => {
    await expect(
      suite.env.client.workflow.start(caseWorkflowV2, {
        taskQueue: 'validators',
        workflowId: caseWorkflowId('val-1'),
        args: [miniCase('val-1')],
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  });
});

describe('case controls', () => {
  it('rejects resume of an open case, reassign to the same person and an unknown closure reason', async () => {
    expect(await rejected(handle.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] }))).toMatch(
      /^case_not_on_hold: /,
    );
    expect(
      await rejected(
        handle.executeUpdate(reassignUpdate, { args: [{ assignee: caseworker.id, actor: supervisor }] }),
      ),
    ).toMatch(/^same_assignee: /);
    expect(
      await rejected(
        handle.executeUpdate(closeUpdate, { args: [{ reason: 'lost' as 'other', actor: supervisor }] }),
      ),
    ).toMatch(/^invalid_input: reason: /);
  });

  it('rejects a second hold and any completion while on hold', async () => {
    await handle.executeUpdate(holdUpdate, { args: [{ reason: 'security screening', actor: supervisor }] });
    expect(
      await rejected(handle.executeUpdate(holdUpdate, { args: [{ reason: 'again', actor: supervisor }] })),
    ).toMatch(/^case_on_hold: /);
    expect(
      await rejected(
        handle.executeUpdate(completeStepUpdate, {
          args: [{ step: 'decision', outcome: 'accepted', data: {}, actor: supervisor }],
        }),
      ),
    ).toMatch(/^case_on_hold: case KE-val-1 is on hold; resume it first$/);
    expect((await handle.query(caseStateQuery)).status).toBe('on_hold');
  });
});

describe('a request the engine cannot follow (issue 10)', () => {
  it('is rejected as invalid_input and never fails the workflow task; the case stays readable', async () => {
    // A definition whose outcome leads nowhere: following it throws inside the update handler.
    const broken = miniCase('val-2');
    broken.definition = {
      ...broken.definition,
      steps: broken.definition.steps.map((s) =>
        s.id === 'assessment' && s.kind === 'task' ? { ...s, outcomes: { assessed: 'nowhere' } } : s,
      ),
    };
    const other = await suite.env.client.workflow.start(caseWorkflowV2, {
      taskQueue: 'validators',
      workflowId: caseWorkflowId('val-2'),
      args: [broken],
    });
    await settled(other);
    const error = await other
      .executeUpdate(completeStepUpdate, { args: [assessed] })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause?.message).toBe(
      'invalid_input: this request cannot be applied to the case',
    );
    expect(await other.query(caseStateQuery)).toMatchObject({ status: 'open', currentStep: 'assessment' });
    const failed = ((await other.fetchHistory()).events ?? []).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    );
    expect(failed).toEqual([]);
  });
});
