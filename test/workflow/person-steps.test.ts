// A step for each child on a live workflow (time-skipping server): the API's roster reaches the
// case by signal, the BID step concerns the children present on entry, a bad person is rejected
// with the rule and its path, and the case moves on when the last child's determination is in.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { casePeopleSignal, caseStateQuery, completeStepUpdate } from '../../contract/messages';
import { caseworker, DAY } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, sentMessages, settled } from '../support/case-worker';
import { bidCaseInput, household } from '../support/person-steps';

jest.setTimeout(120_000);

const recorder = recordingActivities();
const suite = caseWorkerSuite('person-steps', () => recorder.activities);
const [first, , second] = household.map((p) => p.id) as [string, string, string];

const bid = (person: string, outcome = 'in_interest') => ({
  step: 'bid',
  outcome,
  data: {},
  actor: caseworker,
  person,
});

it('takes one determination per child present on entry, and moves on after the last', async () => {
  const handle: WorkflowHandle<typeof caseWorkflowV2> = await suite.env.client.workflow.start(
    caseWorkflowV2,
    {
      taskQueue: 'person-steps',
      workflowId: caseWorkflowId('bid-1'),
      args: [bidCaseInput('bid-1')],
    },
  );
  await settled(handle);
  await handle.signal(casePeopleSignal, { people: household });
  await handle.executeUpdate(completeStepUpdate, {
    args: [{ step: 'registration', outcome: 'registered', data: {}, actor: caseworker }],
  });
  // A child added after the step began is not one of its persons.
  await handle.signal(casePeopleSignal, {
    people: [...household, { id: 'P-CH1LD00003', relationship: 'child' }],
  });

  const refused = await handle
    .executeUpdate(completeStepUpdate, { args: [bid('P-CH1LD00003')] })
    .catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  const failure = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(failure.message).toMatch(
    /^person_not_of_relationship: P-CH1LD00003 is not one of the persons \(child\)/,
  );
  expect(failure.details?.[0]).toMatchObject({ rule: 'person_not_of_relationship', path: 'body.person' });

  const one = await handle.executeUpdate(completeStepUpdate, { args: [bid(second)] });
  expect(one.currentStep).toBe('bid');
  expect(one.persons?.map((p) => [p.person, p.done, p.outcome])).toEqual([
    [first, false, undefined],
    [second, true, 'in_interest'],
  ]);

  // Two weeks later the step is overdue for the child still waiting; the view still says who is done.
  await suite.env.sleep(15 * DAY);
  await settled(handle);
  expect(sentMessages(recorder.calls).map((m) => m.kind)).toContain('overdue');
  const later = await handle.query(caseStateQuery);
  expect(later.overdue).toBe(true);
  expect(later.persons?.filter((p) => !p.done).map((p) => p.person)).toEqual([first]);

  const done = await handle.executeUpdate(completeStepUpdate, { args: [bid(first, 'not_in_interest')] });
  expect(done.currentStep).toBe('not_submitted');
  expect(done.status).toBe('closed');
  expect(done.history.find((h) => h.step === 'bid')).toMatchObject({ outcome: 'not_in_interest' });
  await handle.result();

  const recorded = recorder.calls.flatMap((c) =>
    c.activity === 'applyProjection' ? c.batch.events.filter((e) => e.kind === 'person_completed') : [],
  );
  expect(recorded.map((e) => [e.detail?.person, e.outcome])).toEqual([
    [second, 'in_interest'],
    [first, 'not_in_interest'],
  ]);
});
